namespace ChainNode.Ledger.Storage;

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

    /// <summary>Applies every change in <paramref name="batch"/> or none; <paramref name="sync"/> waits for the disk.</summary>
    void Write(IWriteBatch batch, bool sync);
}
