using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// The rules a tx must meet to enter the mempool (admission, <c>TxPool</c>) and to be in a block
/// (execution, <see cref="TransactionExecutor"/>): membership, nonce, gas floor and what the
/// sender can pay. Each rule lives here once. Where admission deliberately differs from
/// execution, both forms stand side by side: the pool holds nonces up to a gap ahead and counts
/// what the sender already has pending; a block takes only the next nonce and reserves the fee
/// before the value moves. Each check returns null when the rule holds; execution runs these for
/// every tx, so they allocate nothing unless they refuse.
/// </summary>
public static class TransactionPolicy
{
    /// <summary>Only members may send txs, at admission and in a block alike.</summary>
    public static PolicyRefusal? Membership(IStateView state, Address sender) =>
        state.IsMember(sender) ? null : NotMember(sender);

    /// <summary>Both: a nonce below the account's next was used already.</summary>
    public static PolicyRefusal? NonceUnused(ulong nonce, ulong accountNonce) =>
        nonce < accountNonce ? NonceUsed(nonce, accountNonce) : null;

    /// <summary>Execution: a block takes exactly the account's next nonce.</summary>
    public static PolicyRefusal? NonceInBlock(ulong nonce, ulong accountNonce) =>
        nonce == accountNonce ? null
        : nonce < accountNonce ? NonceUsed(nonce, accountNonce)
        : NonceAhead(nonce, accountNonce);

    /// <summary>
    /// Admission: the pool holds a tx up to <paramref name="maxGap"/> nonces beyond the next it
    /// expects (the account's next after the sender's pending run), so a wallet may send a few
    /// ahead; the too-low rule is <see cref="NonceUnused"/>. Written without a sum that could wrap.
    /// </summary>
    public static PolicyRefusal? NonceWithinGap(ulong nonce, ulong nextExpected, int maxGap) =>
        nonce > nextExpected && nonce - nextExpected > (ulong)maxGap ? NonceTooFarAhead(nonce, nextExpected, maxGap) : null;

    /// <summary>Both: the gas limit covers at least what this kind of tx costs.</summary>
    public static PolicyRefusal? GasLimit(TxBody body)
    {
        var floor = GasSchedule.FloorOf(body);
        return body.GasLimit < floor ? GasLimitBelow(body.GasLimit, floor) : null;
    }

    /// <summary>
    /// Admission: the sender covers the whole upfront cost (value and maximum fee) on top of what
    /// its pending txs may already spend. Stricter than a block, which checks against one tx.
    /// </summary>
    public static PolicyRefusal? AffordableWithPending(UpfrontCost cost, ulong balance, UInt128 pendingSpend) =>
        cost.Total > balance || pendingSpend > balance - cost.Total // no sum that could overflow
            ? CannotAfford(cost, balance, pendingSpend)
            : null;

    /// <summary>
    /// Execution, before anything moves: the balance covers the maximum fee, or the tx may not be
    /// in the block. The value is checked after the fee is reserved (<see cref="ValueAfterFee"/>).
    /// </summary>
    public static PolicyRefusal? FeeReservable(UpfrontCost cost, ulong balance, ulong gasLimit, ulong gasPrice) =>
        cost.MaxFee > balance ? FeeTooHigh(balance, gasLimit, gasPrice) : null;

    /// <summary>Execution, with the fee reserved: the rest of the balance covers the value, or the tx fails with its nonce and fee used.</summary>
    public static PolicyRefusal? ValueAfterFee(ulong balanceAfterFee, ulong value) =>
        balanceAfterFee < value ? ValueTooHigh(balanceAfterFee, value) : null;

    // The sentences, kept out of the checks above so those stay small enough to inline.
    private static PolicyRefusal NotMember(Address sender) =>
        new(PolicyRule.NotMember, $"sender {sender} is not a member of this network");

    private static PolicyRefusal NonceUsed(ulong nonce, ulong accountNonce) =>
        new(PolicyRule.NonceTooLow, $"nonce {nonce} was already used; the account's next nonce is {accountNonce}");

    private static PolicyRefusal NonceAhead(ulong nonce, ulong accountNonce) =>
        new(PolicyRule.NonceTooHigh, $"nonce {nonce} is ahead of the account's next nonce {accountNonce}");

    private static PolicyRefusal NonceTooFarAhead(ulong nonce, ulong nextExpected, int maxGap) =>
        new(PolicyRule.NonceTooHigh, $"nonce {nonce} is too far ahead: the next expected is {nextExpected}, and at most {maxGap} may be held ahead of it");

    private static PolicyRefusal GasLimitBelow(ulong gasLimit, ulong floor) =>
        new(PolicyRule.GasLimitTooLow, $"gas limit {gasLimit} is below the {floor} this kind of tx costs");

    private static PolicyRefusal CannotAfford(UpfrontCost cost, ulong balance, UInt128 pendingSpend) =>
        new(PolicyRule.InsufficientBalance, $"insufficient balance: {balance} available, {pendingSpend} already pending, {cost.Total} needed ({cost.Value} value + {cost.MaxFee} maximum fee)");

    private static PolicyRefusal FeeTooHigh(ulong balance, ulong gasLimit, ulong gasPrice) =>
        new(PolicyRule.CannotPayFee, $"balance {balance} cannot cover the maximum fee of {gasLimit} gas at price {gasPrice}");

    private static PolicyRefusal ValueTooHigh(ulong balanceAfterFee, ulong value) =>
        new(PolicyRule.InsufficientBalance, $"insufficient balance: {balanceAfterFee} available after reserving the fee, {value} needed");
}
