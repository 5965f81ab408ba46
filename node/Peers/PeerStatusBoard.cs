using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Crypto;

namespace ChainNode.Node.Peers;

/// <summary>
/// What this node knows about each validator in its peer directory, by public key: connected,
/// last heard from, height. Keys outside the directory are not tracked, so the board stays as
/// small as the directory. Thread-safe.
/// </summary>
public sealed class PeerStatusBoard(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private volatile Dictionary<PublicKey, Entry> _entries = [];
    private volatile Entry[] _order = [];

    /// <summary>The directory's validators from now on; a key that stays keeps what was heard from it.</summary>
    public void Track(IReadOnlyList<Validator> validators)
    {
        lock (_gate)
        {
            var old = _entries;
            var entries = new Dictionary<PublicKey, Entry>();
            var order = new List<Entry>();
            foreach (var validator in validators)
            {
                if (entries.ContainsKey(validator.PublicKey))
                    continue;
                var entry = old.TryGetValue(validator.PublicKey, out var kept) ? kept : new Entry();
                entry.Validator = validator;
                entries[validator.PublicKey] = entry;
                order.Add(entry);
            }
            _entries = entries;
            _order = order.ToArray();
        }
    }

    public void Heard(PublicKey key, ulong height)
    {
        if (!_entries.TryGetValue(key, out var entry))
            return;
        Interlocked.Exchange(ref entry.LastSeenMs, clock.GetUtcNow().ToUnixTimeMilliseconds());
        Interlocked.Exchange(ref entry.Height, (long)height);
    }

    public void SetConnected(PublicKey key, bool connected)
    {
        if (_entries.TryGetValue(key, out var entry))
            Interlocked.Exchange(ref entry.Connected, connected ? 1 : 0);
    }

    /// <summary>What is known of <paramref name="key"/>, or null if it is not in the directory.</summary>
    public PeerState? Report(PublicKey key) => _entries.TryGetValue(key, out var entry) ? entry.State() : null;

    /// <summary>Every validator in the directory, in the order it was given.</summary>
    public IReadOnlyList<PeerState> Reports() => _order.Select(e => e.State()).ToList();

    /// <summary>The directory's name for <paramref name="key"/>, or its address if it is not listed: for logs and refusals.</summary>
    public string Describe(PublicKey key) => _entries.TryGetValue(key, out var entry) ? entry.Validator.Name : key.Address.ToString();

    private sealed class Entry
    {
        public Validator Validator = null!;
        public long LastSeenMs;
        public long Height;
        public int Connected;

        public PeerState State() => new(Validator, Volatile.Read(ref Connected) == 1, Volatile.Read(ref LastSeenMs), (ulong)Volatile.Read(ref Height));
    }
}

/// <summary>One directory entry as last heard: LastSeenMs is 0 until the peer is first heard from.</summary>
public sealed record PeerState(Validator Validator, bool Connected, long LastSeenMs, ulong Height)
{
    public PublicKey Key => Validator.PublicKey;
}
