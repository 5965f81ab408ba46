using ChainNode.Ledger.Protos;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// The last few committed blocks read back from the store, decoded. Readers of recent txs
/// (GetTx after a commit, peers catching up, the explorer) tend to ask for the same few blocks
/// one tx at a time, and each read otherwise decodes the whole block again. Committed blocks
/// never change, so an entry never goes stale. Callers must treat the blocks as read-only.
/// Thread-safe.
/// </summary>
internal sealed class RecentBlockCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, FinalizedBlock> _byHeight = [];
    private readonly Queue<ulong> _order = new();

    public FinalizedBlock? GetOrRead(ulong height, Func<ulong, FinalizedBlock?> read)
    {
        lock (_gate)
        {
            if (_byHeight.TryGetValue(height, out var cached))
                return cached;
        }
        var block = read(height);
        if (block is null)
            return null;
        lock (_gate)
        {
            if (_byHeight.TryAdd(height, block))
            {
                _order.Enqueue(height);
                while (_order.Count > capacity)
                    _byHeight.Remove(_order.Dequeue());
            }
        }
        return block;
    }
}
