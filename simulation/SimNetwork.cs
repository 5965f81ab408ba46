using ChainNode.Consensus.Protos;

namespace ChainNode.Simulation;

/// <summary>
/// A seeded network: each message is delivered after a random delay (which reorders them), may
/// be dropped or duplicated, and never crosses a cut link. Deterministic for a given seed.
/// </summary>
public sealed class SimNetwork(int validators, Random random)
{
    private readonly PriorityQueue<Envelope, (long Tick, long Sequence)> _queue = new();
    private readonly bool[,] _cut = new bool[validators, validators];
    private long _sequence;

    public double DropRate { get; set; }
    public double DuplicateRate { get; set; }
    public int MaxDelay { get; set; } = 1;
    public long Delivered { get; private set; }

    public int InFlight => _queue.Count;

    public sealed record Envelope(int From, int To, SignedMessage Message);

    public void Send(long now, int from, int to, SignedMessage message)
    {
        if (_cut[from, to] || random.NextDouble() < DropRate)
            return;
        Enqueue(now, from, to, message);
        if (random.NextDouble() < DuplicateRate)
            Enqueue(now, from, to, message);
    }

    private void Enqueue(long now, int from, int to, SignedMessage message)
    {
        var delay = 1 + (MaxDelay > 1 ? random.Next(MaxDelay) : 0);
        _queue.Enqueue(new Envelope(from, to, message), (now + delay, _sequence++));
    }

    /// <summary>Messages due at or before <paramref name="now"/>, in delivery order.</summary>
    public List<Envelope> TakeDue(long now)
    {
        var due = new List<Envelope>();
        while (_queue.TryPeek(out var envelope, out var priority) && priority.Tick <= now)
        {
            _queue.Dequeue();
            if (!_cut[envelope.From, envelope.To])
            {
                Delivered++;
                due.Add(envelope);
            }
        }
        return due;
    }

    /// <summary>Cuts every link between the two groups, both ways.</summary>
    public void Partition(IReadOnlyCollection<int> side)
    {
        for (var a = 0; a < validators; a++)
            for (var b = 0; b < validators; b++)
                _cut[a, b] = side.Contains(a) != side.Contains(b);
    }

    public void Heal()
    {
        Array.Clear(_cut);
        DropRate = 0;
        DuplicateRate = 0;
        MaxDelay = 2;
    }
}
