using ChainNode.Ledger.Protos;

namespace ChainNode.Ledger.Execution;

/// <summary>Gas charged outside the contract VM (whose per-instruction table lives in contracts/).</summary>
public static class GasSchedule
{
    /// <summary>A native-coin transfer; also the floor every tx's gas limit must cover.</summary>
    public const ulong Transfer = 21_000;

    /// <summary>A governance proposal or approval: a fixed cost, whatever the action.</summary>
    public const ulong Governance = 50_000;

    /// <summary>The least gas limit a tx with this body may carry: what it costs at the least.</summary>
    public static ulong FloorOf(TxBody body) =>
        body.PayloadCase is TxBody.PayloadOneofCase.Propose or TxBody.PayloadOneofCase.Approve ? Governance : Transfer;
}
