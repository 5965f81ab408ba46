using System.Numerics;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Storage.Memory;
using ChainNode.Testing;

namespace ChainNode.Ledger.Tests.Execution;

/// <summary>Each rule of the policy admission and execution share, at its boundaries.</summary>
[TestClass]
public sealed class TransactionPolicyTests
{
    private static readonly TestNetwork Network = new();

    private static void AssertRefused(PolicyRefusal? refusal, PolicyRule rule, string message)
    {
        Assert.IsNotNull(refusal, $"expected {rule}");
        Assert.AreEqual(rule, refusal.Value.Rule);
        Assert.AreEqual(message, refusal.Value.Message);
    }

    [TestMethod]
    public void A_member_may_send_and_an_outsider_may_not()
    {
        using var chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        var outsider = PrivateKey.FromInsecureSeed("outsider").Address;

        Assert.IsNull(TransactionPolicy.Membership(chain.State, Network.MemberKeys[0].Address));
        AssertRefused(TransactionPolicy.Membership(chain.State, outsider), PolicyRule.NotMember, $"sender {outsider} is not a member of this network");
    }

    [TestMethod]
    public void A_member_removed_by_governance_may_no_longer_send()
    {
        using var chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        var state = new ExecutionState(chain.State);
        var removed = Network.MemberKeys[2].Address; // not an admin: only the first member is
        Assert.IsNull(TransactionPolicy.Membership(state, removed));

        var result = GovernanceActions.Apply(new GovernanceAction { MemberRemove = removed.ToByteString() }, 1, state);

        Assert.IsNull(result.Error);
        AssertRefused(TransactionPolicy.Membership(state, removed), PolicyRule.NotMember, $"sender {removed} is not a member of this network");
    }

    [TestMethod]
    public void A_block_takes_exactly_the_accounts_next_nonce()
    {
        Assert.IsNull(TransactionPolicy.NonceInBlock(5, 5));
        AssertRefused(TransactionPolicy.NonceInBlock(4, 5), PolicyRule.NonceTooLow, "nonce 4 was already used; the account's next nonce is 5");
        AssertRefused(TransactionPolicy.NonceInBlock(6, 5), PolicyRule.NonceTooHigh, "nonce 6 is ahead of the account's next nonce 5");
    }

    [TestMethod]
    public void A_nonce_below_the_accounts_next_is_used_whether_in_the_pool_or_in_a_block()
    {
        Assert.IsNull(TransactionPolicy.NonceUnused(5, 5));
        Assert.IsNull(TransactionPolicy.NonceUnused(6, 5), "ahead is the gap rule's business, not this one's");
        AssertRefused(TransactionPolicy.NonceUnused(4, 5), PolicyRule.NonceTooLow, "nonce 4 was already used; the account's next nonce is 5");
        AssertRefused(TransactionPolicy.NonceUnused(0, ulong.MaxValue), PolicyRule.NonceTooLow, $"nonce 0 was already used; the account's next nonce is {ulong.MaxValue}");
    }

    [TestMethod]
    public void The_pool_holds_a_nonce_up_to_the_gap_beyond_the_next_expected_and_refuses_one_more()
    {
        Assert.IsNull(TransactionPolicy.NonceWithinGap(10, 10, 4));
        Assert.IsNull(TransactionPolicy.NonceWithinGap(14, 10, 4));
        AssertRefused(TransactionPolicy.NonceWithinGap(15, 10, 4), PolicyRule.NonceTooHigh,
            "nonce 15 is too far ahead: the next expected is 10, and at most 4 may be held ahead of it");
        Assert.IsNull(TransactionPolicy.NonceWithinGap(3, 10, 4), "below the next expected is the used-nonce rule's business");
        AssertRefused(TransactionPolicy.NonceWithinGap(1, 0, 0), PolicyRule.NonceTooHigh,
            "nonce 1 is too far ahead: the next expected is 0, and at most 0 may be held ahead of it");
    }

    [TestMethod]
    public void The_gap_rule_does_not_wrap_near_the_largest_nonce()
    {
        Assert.IsNull(TransactionPolicy.NonceWithinGap(ulong.MaxValue - 2, ulong.MaxValue - 2, 4), "the next expected nonce itself");
        Assert.IsNull(TransactionPolicy.NonceWithinGap(ulong.MaxValue, ulong.MaxValue - 2, 4));
        Assert.IsNotNull(TransactionPolicy.NonceWithinGap(ulong.MaxValue, 0, int.MaxValue));
    }

    [TestMethod]
    public void A_gas_limit_must_cover_the_floor_of_its_kind_of_tx()
    {
        var transfer = new TxBody { GasLimit = GasSchedule.Transfer, Transfer = new Transfer() };
        Assert.IsNull(TransactionPolicy.GasLimit(transfer));
        transfer.GasLimit--;
        AssertRefused(TransactionPolicy.GasLimit(transfer), PolicyRule.GasLimitTooLow, "gas limit 20999 is below the 21000 this kind of tx costs");

        var proposal = new TxBody { GasLimit = GasSchedule.Transfer, Propose = new GovernancePropose() };
        AssertRefused(TransactionPolicy.GasLimit(proposal), PolicyRule.GasLimitTooLow, "gas limit 21000 is below the 50000 this kind of tx costs");
        proposal.GasLimit = GasSchedule.Governance;
        Assert.IsNull(TransactionPolicy.GasLimit(proposal));
    }

    private static UpfrontCost Cost(ulong value, ulong gasLimit, ulong gasPrice) =>
        UpfrontCost.Of(new TxBody { GasLimit = gasLimit, Transfer = new Transfer { Amount = value } }, gasPrice);

    [TestMethod]
    public void The_pool_admits_a_sender_with_exactly_enough_for_value_fee_and_pending_and_refuses_one_coin_short()
    {
        var cost = Cost(value: 400, gasLimit: 21_000, gasPrice: 2); // 400 + 42,000
        Assert.IsNull(TransactionPolicy.AffordableWithPending(cost, balance: 42_400, pendingSpend: 0));
        AssertRefused(TransactionPolicy.AffordableWithPending(cost, balance: 42_399, pendingSpend: 0), PolicyRule.InsufficientBalance,
            "insufficient balance: 42399 available, 0 already pending, 42400 needed (400 value + 42000 maximum fee)");
        Assert.IsNull(TransactionPolicy.AffordableWithPending(cost, balance: 50_000, pendingSpend: 7_600));
        AssertRefused(TransactionPolicy.AffordableWithPending(cost, balance: 50_000, pendingSpend: 7_601), PolicyRule.InsufficientBalance,
            "insufficient balance: 50000 available, 7601 already pending, 42400 needed (400 value + 42000 maximum fee)");
    }

    [TestMethod]
    public void A_cost_or_pending_spend_beyond_two_to_the_64_is_refused_not_wrapped()
    {
        var huge = Cost(value: ulong.MaxValue, gasLimit: ulong.MaxValue, gasPrice: ulong.MaxValue);
        var exact = (BigInteger)ulong.MaxValue * ulong.MaxValue + ulong.MaxValue; // no wrap possible in BigInteger
        Assert.AreEqual(exact, (BigInteger)huge.Total, "the upfront cost is kept whole in 128 bits");

        Assert.AreEqual(PolicyRule.InsufficientBalance, TransactionPolicy.AffordableWithPending(huge, ulong.MaxValue, 0)?.Rule);
        Assert.AreEqual(PolicyRule.CannotPayFee, TransactionPolicy.FeeReservable(huge, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue)?.Rule);
        var one = Cost(value: 1, gasLimit: 0, gasPrice: 0);
        Assert.AreEqual(PolicyRule.InsufficientBalance, TransactionPolicy.AffordableWithPending(one, ulong.MaxValue, pendingSpend: ulong.MaxValue)?.Rule,
            "pending spend plus this tx is one beyond the largest balance");
        Assert.IsNull(TransactionPolicy.AffordableWithPending(one, ulong.MaxValue, pendingSpend: ulong.MaxValue - 1));
    }

    [TestMethod]
    public void A_block_takes_a_tx_whose_sender_can_pay_exactly_the_maximum_fee_and_not_one_coin_less()
    {
        var cost = Cost(value: 1_000_000, gasLimit: 21_000, gasPrice: 3); // the value is not this rule's business
        Assert.IsNull(TransactionPolicy.FeeReservable(cost, balance: 63_000, 21_000, 3));
        AssertRefused(TransactionPolicy.FeeReservable(cost, balance: 62_999, 21_000, 3), PolicyRule.CannotPayFee,
            "balance 62999 cannot cover the maximum fee of 21000 gas at price 3");
        Assert.IsNull(TransactionPolicy.FeeReservable(Cost(5, 21_000, gasPrice: 0), balance: 0, 21_000, 0), "a zero gas price costs nothing");
    }

    [TestMethod]
    public void After_the_fee_is_reserved_the_rest_must_cover_the_value()
    {
        Assert.IsNull(TransactionPolicy.ValueAfterFee(balanceAfterFee: 250, value: 250));
        AssertRefused(TransactionPolicy.ValueAfterFee(balanceAfterFee: 249, value: 250), PolicyRule.InsufficientBalance,
            "insufficient balance: 249 available after reserving the fee, 250 needed");
    }

    [TestMethod]
    public void The_rules_allocate_nothing_for_a_tx_that_meets_them()
    {
        var body = new TxBody { Nonce = 7, GasLimit = GasSchedule.Transfer, Transfer = new Transfer { Amount = 10 } };
        var cost = UpfrontCost.Of(body, 2);
        var refusals = CheckAll(body, cost); // the first call compiles them
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
            refusals += CheckAll(body, cost);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(0, refusals);
        Assert.AreEqual(0L, allocated, "execution runs these for every tx");
    }

    private static int CheckAll(TxBody body, UpfrontCost cost)
    {
        var refused = 0;
        refused += TransactionPolicy.NonceInBlock(body.Nonce, 7).HasValue ? 1 : 0;
        refused += TransactionPolicy.NonceUnused(body.Nonce, 7).HasValue ? 1 : 0;
        refused += TransactionPolicy.NonceWithinGap(body.Nonce, 5, 4).HasValue ? 1 : 0;
        refused += TransactionPolicy.GasLimit(body).HasValue ? 1 : 0;
        refused += TransactionPolicy.FeeReservable(cost, 100_000, body.GasLimit, 2).HasValue ? 1 : 0;
        refused += TransactionPolicy.ValueAfterFee(58_000, 10).HasValue ? 1 : 0;
        refused += TransactionPolicy.AffordableWithPending(cost, 100_000, 10).HasValue ? 1 : 0;
        return refused;
    }

    [TestMethod]
    public void Execution_maps_each_rule_that_keeps_a_tx_out_of_a_block_to_its_reason()
    {
        var cases = new (PolicyRule Rule, InapplicableReason Reason)[]
        {
            (PolicyRule.NotMember, InapplicableReason.NotMember),
            (PolicyRule.NonceTooLow, InapplicableReason.NonceTooLow),
            (PolicyRule.NonceTooHigh, InapplicableReason.NonceTooHigh),
            (PolicyRule.GasLimitTooLow, InapplicableReason.GasLimitTooLow),
            (PolicyRule.CannotPayFee, InapplicableReason.CannotPayFee),
        };
        foreach (var (rule, reason) in cases)
        {
            var e = new InapplicableTransactionException(new PolicyRefusal(rule, "why"));
            Assert.AreEqual(reason, e.Reason, rule.ToString());
            Assert.AreEqual("why", e.Message);
        }
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new InapplicableTransactionException(new PolicyRefusal(PolicyRule.InsufficientBalance, "why")),
            "a value the balance cannot cover fails the tx in the block; it does not keep it out");
    }
}
