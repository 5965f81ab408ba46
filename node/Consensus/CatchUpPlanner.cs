namespace ChainNode.Node.Consensus;

/// <summary>What the planner knows of one other validator: whether it is connected and the height it reports.</summary>
public readonly record struct PeerReport(bool Connected, ulong Height);

/// <summary>A fetch to start: blocks from <see cref="From"/> up, asked of <see cref="Peer"/>.</summary>
public sealed record FetchOrder(long Id, int Peer, ulong From);

/// <summary>
/// The catch-up decisions of the consensus loop, without I/O: which height to reach, which
/// peer to ask for the next chunk, and what to make of each answer.
/// </summary>
public sealed class CatchUpPlanner(int self, int validators, int maxFaulty, int fetchTimeoutTicks)
{
    private const int BehindTicksBeforeFetch = 20; // a peer one block ahead is normal mid-commit
    private ulong _target;
    private int _ticksBehind;
    private int _nextPeer;
    private FetchOrder? _inFlight;
    private long _lastId;

    public ulong Target => _target;

    public int FetchTimeoutTicks { get; } = fetchTimeoutTicks;

    public int MaxFaulty { get; } = maxFaulty;

    /// <summary>The replica proved (by certificates or checkpoints) that blocks up to <paramref name="height"/> exist.</summary>
    public void Want(ulong height) => _target = Math.Max(_target, height);

    /// <summary>Once per tick: reads the peers' reports and returns a fetch to start, if one is due.</summary>
    public FetchOrder? OnTick(ulong height, IReadOnlyList<PeerReport> peers)
    {
        var highest = peers.Max(p => p.Height);
        _ticksBehind = highest > height ? _ticksBehind + 1 : 0;
        if (highest >= height + 2 || _ticksBehind >= BehindTicksBeforeFetch)
            Want(highest);
        return Next(height, peers);
    }

    /// <summary>A fetch to start now, if blocks are wanted and none is in flight.</summary>
    public FetchOrder? Next(ulong height, IReadOnlyList<PeerReport> peers)
    {
        if (_target <= height || _inFlight is not null)
            return null;
        var needed = height + 1;
        for (var step = 0; step < validators; step++)
        {
            var candidate = (_nextPeer + step) % validators;
            if (candidate != self && peers[candidate].Connected && peers[candidate].Height >= needed)
            {
                _nextPeer = candidate;
                return _inFlight = new FetchOrder(++_lastId, candidate, needed);
            }
        }
        return null;
    }

    /// <summary>
    /// A fetch ended: <paramref name="useful"/> if it brought blocks that were applied. False
    /// if the fetch is not the one in flight (it was given up on), so its answer is ignored.
    /// </summary>
    public bool Finished(long id, bool useful)
    {
        if (_inFlight?.Id != id)
            return false;
        _inFlight = null;
        if (!useful)
            _nextPeer++;
        return true;
    }
}
