namespace ChainNode.Node.Consensus;

/// <summary>What the planner knows of one other validator: whether it is connected and the height it reports.</summary>
public readonly record struct PeerReport(bool Connected, ulong Height);

/// <summary>A fetch to start: blocks from <see cref="From"/> up, asked of <see cref="Peer"/>.</summary>
public sealed record FetchOrder(long Id, int Peer, ulong From);

/// <summary>
/// The catch-up decisions of the consensus loop, without I/O: which height to reach, which
/// peer to ask for the next chunk, and what to make of each answer. A Byzantine peer may claim
/// any height and answer slowly or never, so: the height to reach from peers' reports is one
/// that f+1 of them claim (at least one honest); each fetch is given up after
/// <c>fetchTimeoutTicks</c>; and every chunk goes to the next peer in turn, so a slow peer
/// serves at most its share of the chunks.
/// </summary>
public sealed class CatchUpPlanner(int self, int validators, int maxFaulty, int fetchTimeoutTicks)
{
    private const int BehindTicksBeforeFetch = 20; // a peer one block ahead is normal mid-commit
    private ulong _target;
    private int _ticksBehind;
    private int _nextPeer;
    private long _tick;
    private long _retryAtTick;
    private (FetchOrder Order, long StartedAt)? _inFlight;
    private long _lastId;

    public ulong Target => _target;

    /// <summary>The fetch the loop should have running, if any; any other it started was given up on.</summary>
    public long? InFlightId => _inFlight?.Order.Id;

    /// <summary>The replica proved (by certificates or checkpoints) that blocks up to <paramref name="height"/> exist.</summary>
    public void Want(ulong height) => _target = Math.Max(_target, height);

    /// <summary>Once per tick: reads the peers' reports, gives up a fetch that took too long, and returns a fetch to start, if one is due.</summary>
    public FetchOrder? OnTick(ulong height, IReadOnlyList<PeerReport> peers)
    {
        _tick++;
        var supported = SupportedHeight(peers);
        _ticksBehind = supported > height ? _ticksBehind + 1 : 0;
        if (supported >= height + 2 || _ticksBehind >= BehindTicksBeforeFetch)
            Want(supported);
        if (_inFlight is { } slow && _tick - slow.StartedAt >= fetchTimeoutTicks)
            Finished(slow.Order.Id, useful: false);
        return Next(height, peers);
    }

    /// <summary>A fetch to start now, if blocks are wanted and none is in flight.</summary>
    public FetchOrder? Next(ulong height, IReadOnlyList<PeerReport> peers)
    {
        if (_target <= height || _inFlight is not null || _tick < _retryAtTick)
            return null;
        var needed = height + 1;
        for (var step = 0; step < validators; step++)
        {
            var candidate = (_nextPeer + step) % validators;
            if (candidate != self && peers[candidate].Connected && peers[candidate].Height >= needed)
            {
                _nextPeer = (candidate + 1) % validators; // the next chunk goes to the next peer
                var order = new FetchOrder(++_lastId, candidate, needed);
                _inFlight = (order, _tick);
                return order;
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
        if (_inFlight?.Order.Id != id)
            return false;
        _inFlight = null;
        if (!useful)
            _retryAtTick = _tick + 1; // no tight loop of empty answers: try the next peer next tick
        return true;
    }

    // The height that f+1 connected peers claim, so at least one honest peer has it.
    private ulong SupportedHeight(IReadOnlyList<PeerReport> peers)
    {
        var claims = peers.Where((p, i) => i != self && p.Connected).Select(p => p.Height).OrderDescending().ToList();
        return claims.Count > maxFaulty ? claims[maxFaulty] : 0;
    }
}
