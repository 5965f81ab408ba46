using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Storage;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// Reads committed state (the state namespace of the store) through a write-through cache:
/// admission, block building and execution read the same accounts, memberships and parameters
/// over and over, and a LevelDB read with its decoding costs far more than a lookup. Commits
/// refresh the cache (<see cref="Update"/>), so it never serves a value older than the head.
/// Receipts are written once and rarely read, so they bypass it. Thread-safe.
/// </summary>
public sealed class StateReader(IKeyValueStore store, int capacity = 262_144) : IStateView
{
    private readonly Lock _gate = new();
    // Searched by span (no key copy per read), like ExecutionState and StateChanges.
    private readonly Dictionary<byte[], byte[]?>.AlternateLookup<ReadOnlySpan<byte>> _cacheBySpan =
        new Dictionary<byte[], byte[]?>(ByteKeyComparer.Instance).GetAlternateLookup<ReadOnlySpan<byte>>();
    private long _version;

    private Dictionary<byte[], byte[]?> Cache => _cacheBySpan.Dictionary;

    public byte[]? Get(ReadOnlySpan<byte> stateKey)
    {
        if (!Cacheable(stateKey))
            return store.Get(StoreKeys.State(stateKey));
        long version;
        lock (_gate)
        {
            if (_cacheBySpan.TryGetValue(stateKey, out var cached))
                return cached;
            version = _version;
        }
        var key = stateKey.ToArray();
        var value = store.Get(StoreKeys.State(key));
        lock (_gate)
        {
            // A commit in between may have written a newer value: then leave the slot to it.
            if (version == _version)
                Remember(key, value);
        }
        return value;
    }

    /// <summary>The account at <paramref name="address"/>; null if it has never existed.</summary>
    public Account? GetAccount(Address address) => this.ReadAccount(address);

    /// <summary>Called by the committer after a block's changes are durably written.</summary>
    internal void Update(StateChanges changes)
    {
        lock (_gate)
        {
            _version++;
            foreach (var (key, value) in changes.InKeyOrder)
            {
                if (Cacheable(key))
                    Remember(key, value);
            }
        }
    }

    private void Remember(byte[] key, byte[]? value)
    {
        if (Cache.Count >= capacity && !Cache.ContainsKey(key))
            Cache.Clear(); // crude, but bounded and rare: a permissioned chain has few accounts
        Cache[key] = value;
    }

    private static bool Cacheable(ReadOnlySpan<byte> key) => key.Length > 0 && key[0] != StateKeys.ReceiptTag;
}
