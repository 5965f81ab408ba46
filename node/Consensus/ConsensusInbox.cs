using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Crypto;

namespace ChainNode.Node.Consensus;

/// <summary>
/// Everything the consensus loop is asked to handle, taken in this order: ticks first (a
/// counter, so time is never lost or queued behind messages), then the loop's own events (fetch
/// results, tx nudges: few, never dropped), then peers' messages round-robin from one bounded
/// queue per peer key, so a flooding peer fills only its own queue and waits on it alone. At
/// most maxPeers queues exist (a new key takes an idle one's place); <see cref="Retain"/> drops
/// those of keys that left the set.
/// </summary>
public sealed class ConsensusInbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<PublicKey, Channel<SignedMessage>> _queues = [];
    private readonly List<(PublicKey Key, Channel<SignedMessage> Queue)> _order = [];
    private readonly int _maxPeers;
    private readonly int _perPeerCapacity;
    private readonly Channel<LoopEvent> _own = Channel.CreateUnbounded<LoopEvent>(new UnboundedChannelOptions { SingleReader = true });
    // Rung after every write; holds at most one ring, so the reader never misses the last one.
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private long _ticks;
    private int _nextPeer;

    public ConsensusInbox(int maxPeers, int perPeerCapacity)
    {
        _maxPeers = maxPeers;
        _perPeerCapacity = perPeerCapacity;
    }

    /// <summary>
    /// Queues a message from the peer holding <paramref name="from"/>; waits while that peer's
    /// own queue is full. False if it was not queued: maxPeers other keys hold queues, or the
    /// key's queue was dropped by <see cref="Retain"/> meanwhile.
    /// </summary>
    public async ValueTask<bool> EnqueueAsync(PublicKey from, SignedMessage message, CancellationToken cancel)
    {
        Channel<SignedMessage>? queue;
        lock (_gate)
        {
            if (!_queues.TryGetValue(from, out queue))
            {
                if (_queues.Count >= _maxPeers && !EvictAnIdleQueue())
                    return false;
                queue = Channel.CreateBounded<SignedMessage>(new BoundedChannelOptions(_perPeerCapacity)
                {
                    SingleReader = true,
                    FullMode = BoundedChannelFullMode.Wait,
                });
                _queues[from] = queue;
                _order.Add((from, queue));
            }
        }
        try
        {
            await queue.Writer.WriteAsync(message, cancel);
        }
        catch (ChannelClosedException)
        {
            return false;
        }
        Ring();
        return true;
    }

    // At the cap, a new key takes the place of one whose queue is empty (a peer long gone, if Retain was not called).
    private bool EvictAnIdleQueue()
    {
        var idle = _order.FindIndex(p => p.Queue.Reader.Count == 0);
        if (idle < 0)
            return false;
        _order[idle].Queue.Writer.TryComplete();
        _queues.Remove(_order[idle].Key);
        _order.RemoveAt(idle);
        _nextPeer = 0;
        return true;
    }

    /// <summary>Drops the queues (and queued messages) of every key not in <paramref name="keys"/>; writers waiting on them give up.</summary>
    public void Retain(IReadOnlyCollection<PublicKey> keys)
    {
        var keep = keys.ToHashSet();
        lock (_gate)
        {
            foreach (var (key, queue) in _order.Where(p => !keep.Contains(p.Key)).ToList())
            {
                queue.Writer.TryComplete();
                _queues.Remove(key);
                _order.RemoveAll(p => p.Key.Equals(key));
            }
            _nextPeer = 0;
        }
    }

    /// <summary>One tick of time passed.</summary>
    public void Tick()
    {
        Interlocked.Increment(ref _ticks);
        Ring();
    }

    /// <summary>Queues one of the loop's own events (fetch results, tx nudges).</summary>
    public void Post(LoopEvent input)
    {
        _own.Writer.TryWrite(input); // unbounded: always succeeds
        Ring();
    }

    /// <summary>The next input, if any. Only the loop's one reader calls this.</summary>
    public bool TryTake(out LoopEvent input)
    {
        if (Interlocked.Read(ref _ticks) > 0)
        {
            Interlocked.Decrement(ref _ticks);
            input = new LoopEvent.Tick();
            return true;
        }
        if (_own.Reader.TryRead(out input!))
            return true;
        lock (_gate)
        {
            for (var step = 0; step < _order.Count; step++)
            {
                var peer = (_nextPeer + step) % _order.Count;
                if (_order[peer].Queue.Reader.TryRead(out var message))
                {
                    _nextPeer = (peer + 1) % _order.Count;
                    input = new LoopEvent.Inbound(_order[peer].Key, message);
                    return true;
                }
            }
        }
        input = null!;
        return false;
    }

    public async IAsyncEnumerable<LoopEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancel)
    {
        while (true)
        {
            while (TryTake(out var input))
                yield return input;
            await _doorbell.Reader.ReadAsync(cancel);
        }
    }

    private void Ring() => _doorbell.Writer.TryWrite(true);
}
