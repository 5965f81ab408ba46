using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ChainNode.Consensus.Protos;

namespace ChainNode.Node.Consensus;

/// <summary>
/// Everything the consensus loop is asked to handle, taken in this order: ticks first (a
/// counter, so time is never lost or queued behind messages), then the loop's own events (fetch
/// results, tx nudges: few, never dropped), then peers' messages round-robin from one bounded
/// queue per peer, so a flooding peer fills only its own queue and waits on it alone.
/// </summary>
public sealed class ConsensusInbox
{
    private readonly Channel<SignedMessage>[] _peers;
    private readonly Channel<LoopEvent> _own = Channel.CreateUnbounded<LoopEvent>(new UnboundedChannelOptions { SingleReader = true });
    // Rung after every write; holds at most one ring, so the reader never misses the last one.
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private long _ticks;
    private int _nextPeer;

    public ConsensusInbox(int validators, int perPeerCapacity)
    {
        _peers = Enumerable.Range(0, validators)
            .Select(_ => Channel.CreateBounded<SignedMessage>(new BoundedChannelOptions(perPeerCapacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            }))
            .ToArray();
    }

    /// <summary>Queues a message from validator <paramref name="from"/>; waits while that validator's own queue is full.</summary>
    public async ValueTask EnqueueAsync(int from, SignedMessage message, CancellationToken cancel)
    {
        await _peers[from].Writer.WriteAsync(message, cancel);
        Ring();
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
        for (var step = 0; step < _peers.Length; step++)
        {
            var peer = (_nextPeer + step) % _peers.Length;
            if (_peers[peer].Reader.TryRead(out var message))
            {
                _nextPeer = (peer + 1) % _peers.Length;
                input = new LoopEvent.Inbound(peer, message);
                return true;
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
