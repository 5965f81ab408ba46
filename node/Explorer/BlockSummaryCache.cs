using System.Collections.Concurrent;

namespace ChainNode.Node.Explorer;

/// <summary>
/// Summaries of committed blocks by height (a committed block never changes), so the
/// explorer's block list decodes each block once instead of on every refresh. Bounded: past
/// its capacity it forgets the lowest heights, which are the least asked for. Thread-safe.
/// </summary>
public sealed class BlockSummaryCache(int capacity = 4096)
{
    private readonly ConcurrentDictionary<ulong, ExplorerViews.BlockSummary> _byHeight = new();

    public bool TryGet(ulong height, out ExplorerViews.BlockSummary summary) => _byHeight.TryGetValue(height, out summary!);

    public void Add(ExplorerViews.BlockSummary summary)
    {
        _byHeight[summary.Height] = summary;
        if (_byHeight.Count <= capacity)
            return;
        // Trim a quarter at once so the sort is rare.
        foreach (var height in _byHeight.Keys.Order().Take(capacity / 4).ToList())
            _byHeight.TryRemove(height, out _);
    }
}
