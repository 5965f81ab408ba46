using ChainNode.Ledger.Blocks;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// Bounds what a view change carries. A message over the peer limit is never delivered, and
/// every later view change would fail the same way, so the network would never leave a failed
/// view. The checkpoint interval replicas use is therefore the configured one, lowered until the
/// worst NEW-VIEW fits. Every validator derives it from the same values, so all agree on the
/// checkpoint heights. The arithmetic lives in <see cref="ViewChangeSizeBudget"/> (ledger model), so
/// governance refuses the same values the node would refuse to run with.
/// </summary>
public static class ViewChangeBudget
{
    /// <summary>The largest peer message every validator accepts (the node's default peers.maxMessageBytes).</summary>
    public const long PeerMessageLimit = ViewChangeSizeBudget.PeerMessageLimit;

    /// <summary>The checkpoint interval to run with: at most <paramref name="genesisInterval"/>, at least 1.</summary>
    public static ulong CheckpointInterval(ulong genesisInterval, int validators, long maxBlockBytes, long messageLimit = PeerMessageLimit) =>
        ViewChangeSizeBudget.CheckpointInterval(genesisInterval, validators, maxBlockBytes, messageLimit);

    /// <inheritdoc cref="ViewChangeSizeBudget.BlockSizeProblem"/>
    public static string? BlockSizeProblem(int validators, long maxBlockBytes, long messageLimit = PeerMessageLimit) =>
        ViewChangeSizeBudget.BlockSizeProblem(validators, maxBlockBytes, messageLimit);

    /// <summary>The largest NEW-VIEW the replicas can produce with <paramref name="config"/>, by the same reckoning.</summary>
    public static long WorstNewViewBytes(ConsensusConfig config) =>
        ViewChangeSizeBudget.FixedOverheadBytes + (long)config.LogSize * ViewChangeSizeBudget.BlocksPerUnit(config.ValidatorCount)
            * ViewChangeSizeBudget.PerBlockBytes(config.ValidatorCount, config.MaxBlockBytes);
}
