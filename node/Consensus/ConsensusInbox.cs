using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ChainNode.Consensus.Protos;

namespace ChainNode.Node.Consensus;

/// <summary>Everything the consensus loop is asked to handle: peers' messages, ticks and its own events.</summary>
public sealed class ConsensusInbox(int validators, int capacity)
{
    private readonly Channel<LoopEvent> _events = Channel.CreateBounded<LoopEvent>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public int Validators { get; } = validators;

    /// <summary>Queues a message from validator <paramref name="from"/>; waits while the loop is saturated.</summary>
    public ValueTask EnqueueAsync(int from, SignedMessage message, CancellationToken cancel) =>
        _events.Writer.WriteAsync(new LoopEvent.Inbound(from, message), cancel);

    /// <summary>One tick of time passed.</summary>
    public void Tick() => _events.Writer.TryWrite(new LoopEvent.Tick()); // a saturated loop may skip a tick

    /// <summary>Queues one of the loop's own events (fetch results, tx nudges).</summary>
    public void Post(LoopEvent input) => _events.Writer.TryWrite(input);

    public bool TryTake(out LoopEvent input) => _events.Reader.TryRead(out input!);

    public async IAsyncEnumerable<LoopEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancel)
    {
        await foreach (var input in _events.Reader.ReadAllAsync(cancel))
            yield return input;
    }
}
