using ChainNode.Ledger.Protos;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// What a tx may take from its sender: the value it carries plus its whole gas limit at the
/// gas price. The one affordability rule: admission refuses a tx whose sender cannot pay
/// <see cref="Total"/>; execution reserves <see cref="MaxFee"/> before the value moves and
/// refunds the unused gas after, so neither can make a balance wrap. Kept in 128 bits, where
/// a limit times a price plus a value cannot overflow.
/// </summary>
public readonly record struct UpfrontCost(ulong Value, UInt128 MaxFee)
{
    public UInt128 Total => Value + MaxFee;

    public static UpfrontCost Of(TxBody body, ulong gasPrice) => new(ValueOf(body), (UInt128)body.GasLimit * gasPrice);

    /// <summary>The coins a tx moves from its sender to a recipient or contract.</summary>
    public static ulong ValueOf(TxBody body) => body.PayloadCase switch
    {
        TxBody.PayloadOneofCase.Transfer => body.Transfer.Amount,
        TxBody.PayloadOneofCase.Deploy => body.Deploy.Amount,
        TxBody.PayloadOneofCase.Call => body.Call.Amount,
        _ => 0,
    };
}
