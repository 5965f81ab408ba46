using ChainNode.Ledger.Protos;

namespace ChainNode.Ledger.Transactions;

/// <summary>The coins a tx moves from its sender to a recipient or contract, whatever its payload.</summary>
public static class TxValue
{
    public static ulong Of(TxBody body) => body.PayloadCase switch
    {
        TxBody.PayloadOneofCase.Transfer => body.Transfer.Amount,
        TxBody.PayloadOneofCase.Deploy => body.Deploy.Amount,
        TxBody.PayloadOneofCase.Call => body.Call.Amount,
        _ => 0,
    };
}
