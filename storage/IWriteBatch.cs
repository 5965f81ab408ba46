namespace ChainNode.Storage;

/// <summary>Changes collected for one atomic <see cref="IKeyValueStore.Write"/>.</summary>
public interface IWriteBatch : IDisposable
{
    int Count { get; }

    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    void Delete(ReadOnlySpan<byte> key);

    void Clear();
}
