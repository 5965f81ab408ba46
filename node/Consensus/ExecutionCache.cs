using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Consensus;

/// <summary>
/// Blocks this node executed before they committed (its own proposals and the pre-prepares it
/// checked), so commit does not run them again and a block can be checked on top of one that
/// is still being agreed on. Keyed by block hash, which fixes the parent and so the result.
/// Used only by the consensus loop's thread.
/// </summary>
public sealed class ExecutionCache
{
    private const int MaxEntries = 256;
    private readonly Dictionary<Hash32, Entry> _entries = [];

    public sealed record Entry(DecodedBlock Block, ExecutionResult Result, IStateView StateAfter);

    public void Add(DecodedBlock block, ExecutionResult result, IStateView parentState)
    {
        _entries[block.Hash] = new Entry(block, result, new StateOverlay(parentState, result.Changes));
        if (_entries.Count > MaxEntries)
            PruneAtOrBelow(_entries.Values.Min(e => e.Block.Height));
    }

    public Entry? Find(Hash32 hash) => _entries.GetValueOrDefault(hash);

    public void PruneAtOrBelow(ulong height)
    {
        foreach (var stale in _entries.Where(e => e.Value.Block.Height <= height).Select(e => e.Key).ToList())
            _entries.Remove(stale);
    }
}
