using ChainNode.Ledger.Storage;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// The state writes of one block, keyed and ordered by bytes so every node iterates them in
/// the same order. A null value deletes the key.
/// </summary>
public sealed class StateChanges
{
    private readonly SortedDictionary<byte[], byte[]?> _changes = new(ByteKeyComparer.Instance);

    public int Count => _changes.Count;

    public IEnumerable<KeyValuePair<byte[], byte[]?>> InKeyOrder => _changes;

    /// <summary>The last write to a key wins, as it would in execution order.</summary>
    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => _changes[key.ToArray()] = value.ToArray();

    public void Delete(ReadOnlySpan<byte> key) => _changes[key.ToArray()] = null;

    /// <summary>True if this block wrote <paramref name="key"/>; <paramref name="value"/> is null for a delete.</summary>
    public bool TryGet(byte[] key, out byte[]? value) => _changes.TryGetValue(key, out value);
}
