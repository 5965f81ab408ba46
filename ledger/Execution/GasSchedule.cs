namespace ChainNode.Ledger.Execution;

/// <summary>Gas charged outside the contract VM (whose per-instruction table lives in contracts/).</summary>
public static class GasSchedule
{
    /// <summary>A native-coin transfer; also the floor every tx's gas limit must cover.</summary>
    public const ulong Transfer = 21_000;
}
