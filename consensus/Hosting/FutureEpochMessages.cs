using ChainNode.Consensus.Protos;

namespace ChainNode.Consensus.Hosting;

/// <summary>
/// Messages from an epoch this node has not reached yet (the others committed the last block of
/// the epoch first): held until it switches, so the new primary's first proposal is not lost.
/// Unauthenticated until then, so bounded; the oldest go first.
/// </summary>
internal sealed class FutureEpochMessages(int capacity)
{
    private readonly Queue<SignedMessage> _held = new();

    public int Count => _held.Count;

    public void Hold(SignedMessage message)
    {
        if (_held.Count == capacity)
            _held.Dequeue();
        _held.Enqueue(message);
    }

    /// <summary>The held messages of <paramref name="epoch"/>, in arrival order; those of earlier epochs are dropped.</summary>
    public List<SignedMessage> Release(ulong epoch)
    {
        var released = new List<SignedMessage>();
        var later = new List<SignedMessage>();
        foreach (var message in _held)
        {
            if (message.Epoch == epoch)
                released.Add(message);
            else if (message.Epoch > epoch)
                later.Add(message);
        }
        _held.Clear();
        foreach (var message in later)
            _held.Enqueue(message);
        return released;
    }
}
