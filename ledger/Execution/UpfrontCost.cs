using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// What a tx may take from its sender: the value it carries plus its whole gas limit at the
/// gas price. <see cref="TransactionPolicy"/> holds the rules on it: admission refuses a tx
/// whose sender cannot pay <see cref="Total"/>; execution reserves <see cref="MaxFee"/> before
/// the value moves and refunds the unused gas after, so neither can make a balance wrap. Kept
/// in 128 bits, where a limit times a price plus a value cannot overflow.
/// </summary>
public readonly record struct UpfrontCost(ulong Value, UInt128 MaxFee)
{
    public UInt128 Total => Value + MaxFee;

    public static UpfrontCost Of(TxBody body, ulong gasPrice) => new(TxValue.Of(body), (UInt128)body.GasLimit * gasPrice);
}
