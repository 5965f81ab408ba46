namespace ChainNode.Storage.Memory;

/// <summary>Batch for <see cref="MemoryKeyValueStore"/>: operations kept in order, a null value meaning delete.</summary>
internal sealed class MemoryWriteBatch(MemoryKeyValueStore owner) : IWriteBatch
{
    public MemoryKeyValueStore Owner { get; } = owner;

    public List<(byte[] Key, byte[]? Value)> Operations { get; } = [];

    public int Count => Operations.Count;

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Operations.Add((key.ToArray(), value.ToArray()));

    public void Delete(ReadOnlySpan<byte> key) => Operations.Add((key.ToArray(), null));

    public void Clear() => Operations.Clear();

    public void Dispose()
    {
    }
}
