using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Storage.Memory;
using ChainNode.Testing;

namespace ChainNode.Ledger.Tests.Execution;

/// <summary>
/// Fees at a non-zero gas price: the sender pays value plus the maximum fee up front, unused gas
/// comes back, the used part goes to the proposer, and no coin is ever created or destroyed.
/// </summary>
[TestClass]
public sealed class FeeTests
{
    private const ulong Price = 1;
    private static readonly TestNetwork Network = new(gasPrice: Price);
    private static readonly TransactionExecutor Executor = new(NoContractRuntime.Instance);
    private static readonly Address Proposer = Network.ValidatorKeys[0].Address;
    private static readonly BlockContext Block = new(1, 1_000, Proposer, Price);
    private static Address Member(int i) => Network.MemberKeys[i].Address;

    private static ChainStore NewChain() => ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);

    private static VerifiedTransaction Transfer(int from, Address to, ulong amount, ulong gasLimit = GasSchedule.Transfer, ulong nonce = 0)
    {
        var body = new TxBody
        {
            ChainId = Network.Genesis.ChainId,
            SenderPublicKey = Network.MemberKeys[from].PublicKey.ToByteString(),
            Nonce = nonce,
            GasLimit = gasLimit,
            Transfer = new Transfer { To = to.ToByteString(), Amount = amount },
        };
        return TransactionCodec.Verify(TransactionCodec.Sign(body, Network.MemberKeys[from]), Network.Genesis.ChainId);
    }

    private static UInt128 Supply(IStateView state, params Address[] extra) =>
        Network.MemberKeys.Select(k => k.Address).Concat(Network.ValidatorKeys.Select(k => k.Address)).Concat(extra).Distinct()
            .Aggregate(UInt128.Zero, (sum, a) => sum + (state.ReadAccount(a)?.Balance ?? 0));

    [TestMethod]
    public void A_transfer_whose_value_and_fee_together_exceed_the_balance_fails_and_never_wraps_the_balance()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        state.SetAccount(Member(0), new Account { Balance = 30_000 });
        var before = Supply(state);

        var receipt = Executor.Apply(Transfer(0, Member(1), 20_000), Block, 0, state);

        Assert.AreEqual(ReceiptStatus.Failed, receipt.Status);
        StringAssert.Contains(receipt.Error, "insufficient balance");
        Assert.AreEqual(30_000UL - GasSchedule.Transfer, state.GetAccount(Member(0)).Balance, "the fee is paid, the value stays");
        Assert.AreEqual(TestNetwork.InitialBalance, state.GetAccount(Member(1)).Balance);
        Assert.AreEqual(GasSchedule.Transfer, state.GetAccount(Proposer).Balance, "the proposer earned the fee");
        Assert.AreEqual(before, Supply(state), "no coin was created");
    }

    [TestMethod]
    public void A_successful_transfer_pays_its_used_gas_to_the_proposer_and_gets_the_rest_back()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        var before = Supply(state);

        var receipt = Executor.Apply(Transfer(0, Member(1), 250, gasLimit: 50_000), Block, 0, state);

        Assert.AreEqual(ReceiptStatus.Success, receipt.Status);
        Assert.AreEqual(GasSchedule.Transfer, receipt.GasUsed);
        Assert.AreEqual(TestNetwork.InitialBalance - 250 - GasSchedule.Transfer * Price, state.GetAccount(Member(0)).Balance);
        Assert.AreEqual(TestNetwork.InitialBalance + 250, state.GetAccount(Member(1)).Balance);
        Assert.AreEqual(GasSchedule.Transfer * Price, state.GetAccount(Proposer).Balance);
        Assert.AreEqual(before, Supply(state));
    }

    [TestMethod]
    public void A_proposer_paying_a_fee_to_itself_keeps_its_balance()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        var self = new BlockContext(1, 1_000, Member(0), Price);

        var receipt = Executor.Apply(Transfer(0, Member(1), 250, gasLimit: 50_000), self, 0, state);

        Assert.AreEqual(ReceiptStatus.Success, receipt.Status);
        Assert.AreEqual(TestNetwork.InitialBalance - 250, state.GetAccount(Member(0)).Balance);
    }

    [TestMethod]
    public void A_sender_who_cannot_cover_the_maximum_fee_makes_the_tx_inapplicable()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        state.SetAccount(Member(0), new Account { Balance = GasSchedule.Transfer * Price - 1 });

        var refused = Assert.ThrowsExactly<InapplicableTransactionException>(() => Executor.Apply(Transfer(0, Member(1), 0), Block, 0, state));

        Assert.AreEqual(InapplicableReason.CannotPayFee, refused.Reason);
        var huge = Assert.ThrowsExactly<InapplicableTransactionException>(() => Executor.Apply(Transfer(0, Member(1), 0, gasLimit: ulong.MaxValue), new BlockContext(1, 1_000, Proposer, 2), 0, state));
        Assert.AreEqual(InapplicableReason.CannotPayFee, huge.Reason, "a maximum fee beyond 2^64 is refused, not wrapped");
    }

    [TestMethod]
    public void A_block_from_a_byzantine_proposer_that_spends_value_and_fee_twice_executes_to_failed_receipts_and_conserves_coins()
    {
        // A primary does not need the mempool's consent: it can put any signed tx in its block.
        using var chain = NewChain();
        var seed = new ExecutionState(chain.State);
        var root = new Hash32(chain.Head.StateRoot.Span);
        var txs = new[]
        {
            Transfer(7, Member(1), TestNetwork.InitialBalance - GasSchedule.Transfer + 1).Tx,
            Transfer(7, Member(2), TestNetwork.InitialBalance / 2, nonce: 1).Tx,
        };
        var header = new BlockHeader { Height = 1, Proposer = Proposer.ToByteString(), TxRoot = DecodedBlock.ComputeTxRoot(txs).ToByteString() };
        var block = DecodedBlock.Create(header, txs);

        var result = new BlockExecutor(Network.Genesis.ChainId, Executor).Execute(block, chain.State, root);

        Assert.AreEqual(ReceiptStatus.Failed, result.Receipts[0].Status);
        Assert.AreEqual(ReceiptStatus.Success, result.Receipts[1].Status);
        var after = new StateOverlay(chain.State, result.Changes);
        Assert.AreEqual(TestNetwork.InitialBalance - 2 * GasSchedule.Transfer - TestNetwork.InitialBalance / 2, after.ReadAccount(Member(7))!.Balance);
        Assert.AreEqual(Supply(seed), Supply(after), "no coin was created");
    }
}
