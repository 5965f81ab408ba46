using ChainNode.Ledger.Protos;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// The block limits (transaction count, encoded bytes): the one rule, applied by replicas to a
/// pre-prepare before its block is parsed or held, and by the node's proposal validator.
/// </summary>
public static class ProposalLimits
{
    // A PRE-PREPARE's payload is its block plus view, height and the block's field header.
    private const int PrePrepareOverheadBytes = 32;

    /// <summary>Largest PRE-PREPARE payload that can carry a block within <paramref name="maxBlockBytes"/>: checked before parsing.</summary>
    public static long MaxPrePreparePayloadBytes(long maxBlockBytes) => maxBlockBytes + PrePrepareOverheadBytes;

    /// <summary>Returns null if the block is within the limits, otherwise why not.</summary>
    public static string? FindProblem(Block block, ulong maxTxs, ulong maxBytes)
    {
        if ((ulong)block.Transactions.Count > maxTxs)
            return $"{block.Transactions.Count} txs exceed the limit of {maxTxs}";
        var size = (ulong)block.CalculateSize();
        return size > maxBytes ? $"{size} bytes exceed the block limit of {maxBytes}" : null;
    }
}
