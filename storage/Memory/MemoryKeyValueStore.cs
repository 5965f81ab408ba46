namespace ChainNode.Storage.Memory;

/// <summary>An ordered in-memory store for unit tests. Never used by the product.</summary>
public sealed class MemoryKeyValueStore : IKeyValueStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<byte[], byte[]> _entries = new(ByteKeyComparer.Instance);

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        lock (_gate)
            return _entries.TryGetValue(key.ToArray(), out var value) ? (byte[])value.Clone() : null;
    }

    public bool Contains(ReadOnlySpan<byte> key)
    {
        lock (_gate)
            return _entries.ContainsKey(key.ToArray());
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix) => ScanPrefix(prefix, prefix);

    public IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix, byte[] startAt)
    {
        List<KeyValuePair<byte[], byte[]>> matches;
        lock (_gate)
        {
            matches = _entries
                .Where(e => e.Key.AsSpan().StartsWith(prefix) && ByteKeyComparer.Instance.Compare(e.Key, startAt) >= 0)
                .Select(e => KeyValuePair.Create((byte[])e.Key.Clone(), (byte[])e.Value.Clone()))
                .ToList();
        }
        return matches;
    }

    public IWriteBatch CreateBatch() => new MemoryWriteBatch(this);

    public IWriteBatch Join(IWriteBatch batch) => Own(batch);

    public void Write(IWriteBatch batch, bool sync)
    {
        var memoryBatch = Own(batch);
        lock (_gate)
        {
            foreach (var (key, value) in memoryBatch.Operations)
            {
                if (value is null)
                    _entries.Remove(key);
                else
                    _entries[key] = value;
            }
        }
    }

    public void Dispose()
    {
    }

    private MemoryWriteBatch Own(IWriteBatch batch) =>
        KeySpace.RootOf(batch) is MemoryWriteBatch mine && mine.Owner == this ? mine
            : throw new ArgumentException("The batch was created by a different store.", nameof(batch));
}
