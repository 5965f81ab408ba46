namespace ChainNode.Ledger.Governance;

/// <summary>
/// When a validator-set or parameter change takes effect. A change executed in block h opens a
/// new epoch at h + <see cref="ActivationDelay"/>: every replica derives that height from the
/// chain alone, so all switch together. Two blocks, because a backup validates block h + 1
/// before h commits, and only from h + 2 on may the new set be asked to vote (see
/// consensus/Epochs for how replicas switch).
/// </summary>
public static class EpochRules
{
    public const ulong ActivationDelay = 2;

    public static ulong TakesEffectAt(ulong executedHeight) => executedHeight + ActivationDelay;

    /// <summary>Below this many validators no fault is tolerated (f = 0): receipts and logs warn.</summary>
    public const int FaultTolerantMinimum = 4;
}
