using ChainNode.Storage;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// The state writes of one block. Looked up by key in any order, and iterated in byte order of
/// the keys so every node sees them the same way (the hash table's own order never leaks out).
/// A null value deletes the key.
/// </summary>
public sealed class StateChanges
{
    private readonly Dictionary<byte[], byte[]?> _changes;
    private readonly Dictionary<byte[], byte[]?>.AlternateLookup<ReadOnlySpan<byte>> _changesBySpan;
    private KeyValuePair<byte[], byte[]?>[]? _sorted;

    public StateChanges()
        : this(new Dictionary<byte[], byte[]?>(ByteKeyComparer.Instance))
    {
    }

    private StateChanges(Dictionary<byte[], byte[]?> changes)
    {
        _changes = changes;
        _changesBySpan = changes.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>
    /// Takes over <paramref name="changes"/> (keyed with <see cref="ByteKeyComparer"/>) without
    /// copying: the caller must not touch the dictionary, its keys or its values again.
    /// </summary>
    internal static StateChanges Adopt(Dictionary<byte[], byte[]?> changes) =>
        changes.Comparer == ByteKeyComparer.Instance
            ? new StateChanges(changes)
            : throw new ArgumentException("The changes must be keyed by ByteKeyComparer.", nameof(changes));

    public int Count => _changes.Count;

    // Sorted once with their values: the state root, the commit batch and the state cache each
    // walk them, and looking every value up again by key hashed each key three more times.
    public IReadOnlyList<KeyValuePair<byte[], byte[]?>> InKeyOrder
    {
        get
        {
            if (_sorted is null)
            {
                var pairs = _changes.ToArray();
                Array.Sort(pairs, static (a, b) => ByteKeyComparer.Instance.Compare(a.Key, b.Key));
                _sorted = pairs;
            }
            return _sorted;
        }
    }

    /// <summary>The last write to a key wins, as it would in execution order.</summary>
    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Write(key.ToArray(), value.ToArray());

    public void Delete(ReadOnlySpan<byte> key) => Write(key.ToArray(), null);

    /// <summary>True if this block wrote <paramref name="key"/>; <paramref name="value"/> is null for a delete.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out byte[]? value) =>
        _changesBySpan.TryGetValue(key, out value);

    private void Write(byte[] key, byte[]? value)
    {
        _changes[key] = value;
        _sorted = null;
    }
}
