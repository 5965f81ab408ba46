using ChainNode.Ledger.Protos;

namespace ChainNode.Simulation;

/// <summary>
/// Client requests (the simulation's txs): every <see cref="Interval"/> ticks a client sends a
/// new one to every replica that is up, as a wallet's tx reaches every validator by gossip. A
/// primary puts the requests it holds into its block (after 16 random bytes that keep blocks
/// distinct); a replica drops those it sees committed. Each replica reports to its core how
/// long its oldest request has waited (the node's loop does the same from its mempool), so a
/// primary that leaves requests out is replaced.
/// </summary>
public sealed class SimRequests(int validators)
{
    public const int Interval = 25;
    private const int MaxPerBlock = 8;
    private readonly SortedDictionary<ulong, long>[] _held = Enumerable.Range(0, validators).Select(_ => new SortedDictionary<ulong, long>()).ToArray();
    private readonly long[] _progressAt = new long[validators];
    private readonly HashSet<ulong> _committedByHonest = [];
    private ulong _next = 1;

    /// <summary>Sends a new request to the given replicas; returns its id.</summary>
    public ulong Submit(long now, IEnumerable<int> replicas)
    {
        var id = _next++;
        foreach (var replica in replicas)
            _held[replica][id] = now;
        return id;
    }

    /// <summary>A block's content: random bytes, then (unless the builder censors) the requests it holds.</summary>
    public byte[] Content(int builder, bool censor, Random random)
    {
        var ids = censor ? [] : _held[builder].Keys.Take(MaxPerBlock).ToArray();
        var content = new byte[16 + 8 * ids.Length];
        random.NextBytes(content.AsSpan(0, 16));
        for (var i = 0; i < ids.Length; i++)
            BitConverter.TryWriteBytes(content.AsSpan(16 + 8 * i), ids[i]);
        return content;
    }

    public void Committed(int replica, bool honest, Block block, long now)
    {
        if (block.Transactions.Count == 0 || SimBlocks.IsMarkedInvalid(block))
            return;
        var body = block.Transactions[0].Body.Span;
        for (var offset = 16; offset + 8 <= body.Length; offset += 8)
        {
            var id = BitConverter.ToUInt64(body[offset..]);
            if (_held[replica].Remove(id))
                _progressAt[replica] = now;
            if (honest)
                _committedByHonest.Add(id);
        }
    }

    /// <summary>Ticks the replica's oldest request has waited since it arrived or since the last commit of one it held.</summary>
    public long OldestAge(int replica, long now) =>
        _held[replica].Count == 0 ? 0 : now - Math.Max(_held[replica].Values.Min(), _progressAt[replica]);

    public bool IsCommitted(ulong id) => _committedByHonest.Contains(id);
}
