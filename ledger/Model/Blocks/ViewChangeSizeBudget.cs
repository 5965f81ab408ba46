namespace ChainNode.Ledger.Blocks;

/// <summary>
/// The integer arithmetic of the view-change size budget, here so governance can refuse a
/// parameter or validator change the node would refuse to run with (consensus references the
/// ledger, not the reverse; consensus/Pbft/ViewChangeBudget applies it). A VIEW-CHANGE carries
/// every prepared block in the window (up to 2K blocks for checkpoint interval K), and a
/// NEW-VIEW a quorum of VIEW-CHANGEs plus the re-proposed blocks: up to (quorum + 1) × 2K
/// blocks in one peer message.
/// </summary>
public static class ViewChangeSizeBudget
{
    /// <summary>The largest peer message every validator accepts (the node's default peers.maxMessageBytes).</summary>
    public const long PeerMessageLimit = 64L * 1024 * 1024;

    // Room for the checkpoint proofs and framing of a NEW-VIEW, and per block for its
    // certificate's quorum of signed PREPAREs (about 150 bytes each).
    public const long FixedOverheadBytes = 256 * 1024;
    public const long PerValidatorOverheadBytes = 256;

    /// <summary>The checkpoint interval to run with: at most <paramref name="configuredInterval"/>, at least 1.</summary>
    public static ulong CheckpointInterval(ulong configuredInterval, int validators, long maxBlockBytes, long messageLimit = PeerMessageLimit)
    {
        var fits = (messageLimit - FixedOverheadBytes) / (2 * BlocksPerUnit(validators) * PerBlockBytes(validators, maxBlockBytes));
        return Math.Clamp((ulong)Math.Max(fits, 1), 1, Math.Max(configuredInterval, 1));
    }

    /// <summary>
    /// Why blocks of <paramref name="maxBlockBytes"/> are too large for <paramref name="validators"/>
    /// validators (their worst NEW-VIEW exceeds the peer limit even with a checkpoint every
    /// block), or null when they fit.
    /// </summary>
    public static string? BlockSizeProblem(int validators, long maxBlockBytes, long messageLimit = PeerMessageLimit)
    {
        var largest = LargestBlockBytes(validators, messageLimit);
        return maxBlockBytes <= largest
            ? null
            : $"consensus.maxBlockBytes: {maxBlockBytes} is too large for {validators} validators; a NEW-VIEW carries up to {2 * BlocksPerUnit(validators)} blocks in one {messageLimit / (1024 * 1024)} MiB peer message, so a block may be at most {largest} bytes";
    }

    /// <summary>The largest block a NEW-VIEW among <paramref name="validators"/> validators can carry at a checkpoint every block.</summary>
    public static long LargestBlockBytes(int validators, long messageLimit = PeerMessageLimit) =>
        (messageLimit - FixedOverheadBytes) / (2 * BlocksPerUnit(validators)) - PerValidatorOverheadBytes * validators;

    // Each height in the window appears once in each of a quorum of VIEW-CHANGEs and once as a re-proposal.
    public static long BlocksPerUnit(int validators) => Quorum.Size(validators) + 1L;

    public static long PerBlockBytes(int validators, long maxBlockBytes) => maxBlockBytes + PerValidatorOverheadBytes * validators;
}
