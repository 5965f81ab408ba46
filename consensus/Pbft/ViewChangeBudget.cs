using ChainNode.Ledger.Blocks;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// Bounds what a view change carries. A VIEW-CHANGE carries every prepared block in the window
/// (up to LogSize = 2K of them for checkpoint interval K), and a NEW-VIEW a quorum of
/// VIEW-CHANGEs plus the re-proposed blocks: up to (quorum + 1) × 2K blocks in one message. A
/// message over the peer limit is never delivered, and every later view change would fail the
/// same way, so the network would never leave a failed view. The checkpoint interval replicas
/// use is therefore the genesis one, lowered until the worst NEW-VIEW fits. Every validator
/// derives it from the same genesis values, so all agree on the checkpoint heights.
/// </summary>
public static class ViewChangeBudget
{
    /// <summary>The largest peer message every validator accepts (the node's default peers.maxMessageBytes).</summary>
    public const long PeerMessageLimit = 64L * 1024 * 1024;

    // Room for the checkpoint proofs and framing of a NEW-VIEW, and per block for its
    // certificate's quorum of signed PREPAREs (about 150 bytes each).
    private const long FixedOverheadBytes = 256 * 1024;
    private const long PerValidatorOverheadBytes = 256;

    /// <summary>The checkpoint interval to run with: at most <paramref name="genesisInterval"/>, at least 1.</summary>
    public static ulong CheckpointInterval(ulong genesisInterval, int validators, long maxBlockBytes, long messageLimit = PeerMessageLimit)
    {
        var fits = (messageLimit - FixedOverheadBytes) / (2 * BlocksPerUnit(validators) * PerBlockBytes(validators, maxBlockBytes));
        return Math.Clamp((ulong)Math.Max(fits, 1), 1, Math.Max(genesisInterval, 1));
    }

    /// <summary>
    /// Why blocks of <paramref name="maxBlockBytes"/> are too large for <paramref name="validators"/>
    /// validators (their worst NEW-VIEW exceeds the peer limit even with a checkpoint every
    /// block), or null when they fit.
    /// </summary>
    public static string? BlockSizeProblem(int validators, long maxBlockBytes, long messageLimit = PeerMessageLimit)
    {
        var largest = (messageLimit - FixedOverheadBytes) / (2 * BlocksPerUnit(validators)) - PerValidatorOverheadBytes * validators;
        return maxBlockBytes <= largest
            ? null
            : $"consensus.maxBlockBytes: {maxBlockBytes} is too large for {validators} validators; a NEW-VIEW carries up to {2 * BlocksPerUnit(validators)} blocks in one {messageLimit / (1024 * 1024)} MiB peer message, so a block may be at most {largest} bytes";
    }

    /// <summary>The largest NEW-VIEW the replicas can produce with <paramref name="config"/>, by the same reckoning.</summary>
    public static long WorstNewViewBytes(ConsensusConfig config) =>
        FixedOverheadBytes + (long)config.LogSize * BlocksPerUnit(config.ValidatorCount) * PerBlockBytes(config.ValidatorCount, config.MaxBlockBytes);

    // Each height in the window appears once in each of a quorum of VIEW-CHANGEs and once as a re-proposal.
    private static long BlocksPerUnit(int validators) => Quorum.Size(validators) + 1L;

    private static long PerBlockBytes(int validators, long maxBlockBytes) => maxBlockBytes + PerValidatorOverheadBytes * validators;
}
