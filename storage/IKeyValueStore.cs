namespace ChainNode.Storage;

/// <summary>
/// The ledger's storage engine contract: byte keys in lexicographic order, reads by key or by
/// prefix, and writes only through atomic batches. Everything above it is engine-agnostic.
/// </summary>
public interface IKeyValueStore : IDisposable
{
    /// <summary>The value stored at <paramref name="key"/>, or null.</summary>
    byte[]? Get(ReadOnlySpan<byte> key);

    bool Contains(ReadOnlySpan<byte> key);

    /// <summary>Entries whose key starts with <paramref name="prefix"/>, in key order, from a consistent view.</summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix);

    /// <summary>Like <see cref="ScanPrefix(byte[])"/>, starting at the first key at or after <paramref name="startAt"/> (for paging).</summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix, byte[] startAt);

    IWriteBatch CreateBatch();

    /// <summary>
    /// This store's view of <paramref name="batch"/>, created by this store or by another
    /// <see cref="KeySpace"/> of the same root: writes from several consumers commit atomically.
    /// The view does not own the batch: its creator writes and disposes it.
    /// </summary>
    IWriteBatch Join(IWriteBatch batch);

    /// <summary>Applies every change in <paramref name="batch"/> or none; <paramref name="sync"/> waits for the disk.</summary>
    void Write(IWriteBatch batch, bool sync);
}
