namespace ChainNode.Storage;

/// <summary>
/// One consumer's part of a shared store: every key it reads or writes is silently prefixed with
/// <see cref="Prefix"/>, so two consumers cannot collide by mistake. Writes from several key
/// spaces of one store can go into one atomic batch: <see cref="Join"/> gives this space's view of
/// a batch another space created. Disposing a key space does nothing; the store's owner closes it.
/// </summary>
public sealed class KeySpace : IKeyValueStore
{
    private const int StackKeyLimit = 256;

    private readonly IKeyValueStore _root;

    public KeySpace(IKeyValueStore root, ReadOnlySpan<byte> prefix)
    {
        if (prefix.IsEmpty)
            throw new ArgumentException("A key space needs a non-empty prefix.", nameof(prefix));
        if (root is KeySpace)
            throw new ArgumentException("Key spaces are cut from the root store, not nested.", nameof(root));
        _root = root;
        Prefix = prefix.ToArray();
    }

    public byte[] Prefix { get; }

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        Span<byte> buffer = key.Length + Prefix.Length <= StackKeyLimit ? stackalloc byte[StackKeyLimit] : new byte[key.Length + Prefix.Length];
        return _root.Get(Prefixed(key, buffer));
    }

    public bool Contains(ReadOnlySpan<byte> key)
    {
        Span<byte> buffer = key.Length + Prefix.Length <= StackKeyLimit ? stackalloc byte[StackKeyLimit] : new byte[key.Length + Prefix.Length];
        return _root.Contains(Prefixed(key, buffer));
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix) => ScanPrefix(prefix, prefix);

    /// <summary>Keys come back without this space's prefix.</summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix, byte[] startAt)
    {
        foreach (var (key, value) in _root.ScanPrefix([.. Prefix, .. prefix], [.. Prefix, .. startAt]))
            yield return KeyValuePair.Create(key[Prefix.Length..], value);
    }

    public IWriteBatch CreateBatch() => new Batch(_root.CreateBatch(), Prefix, ownsInner: true);

    public IWriteBatch Join(IWriteBatch batch) => new Batch(_root.Join(batch), Prefix, ownsInner: false);

    public void Write(IWriteBatch batch, bool sync) => _root.Write(batch, sync);

    public void Dispose()
    {
    }

    /// <summary>The root store's batch behind <paramref name="batch"/>: what a root store's <see cref="IKeyValueStore.Join"/> returns.</summary>
    public static IWriteBatch RootOf(IWriteBatch batch) => batch is Batch view ? view.Inner : batch;

    private Span<byte> Prefixed(ReadOnlySpan<byte> key, Span<byte> buffer) => Prefixed(Prefix, key, buffer);

    private sealed class Batch(IWriteBatch inner, byte[] prefix, bool ownsInner) : IWriteBatch
    {
        public IWriteBatch Inner { get; } = inner;

        public int Count => Inner.Count;

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            Span<byte> buffer = key.Length + prefix.Length <= StackKeyLimit ? stackalloc byte[StackKeyLimit] : new byte[key.Length + prefix.Length];
            Inner.Put(Prefixed(prefix, key, buffer), value);
        }

        public void Delete(ReadOnlySpan<byte> key)
        {
            Span<byte> buffer = key.Length + prefix.Length <= StackKeyLimit ? stackalloc byte[StackKeyLimit] : new byte[key.Length + prefix.Length];
            Inner.Delete(Prefixed(prefix, key, buffer));
        }

        public void Clear() => Inner.Clear();

        public void Dispose()
        {
            if (ownsInner)
                Inner.Dispose();
        }
    }

    private static Span<byte> Prefixed(byte[] prefix, ReadOnlySpan<byte> key, Span<byte> buffer)
    {
        prefix.CopyTo(buffer);
        key.CopyTo(buffer[prefix.Length..]);
        return buffer[..(prefix.Length + key.Length)];
    }
}
