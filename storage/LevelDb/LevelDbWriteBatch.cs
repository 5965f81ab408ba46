namespace ChainNode.Storage.LevelDb;

/// <summary>A native leveldb_writebatch_t; reusable after <see cref="Clear"/>.</summary>
internal sealed unsafe class LevelDbWriteBatch(LevelDbStore owner) : IWriteBatch
{
    public LevelDbStore Owner { get; } = owner;

    private nint _batch = LevelDbNative.WriteBatchCreate();

    public int Count { get; private set; }

    internal nint Handle => _batch != 0 ? _batch : throw new ObjectDisposedException(nameof(LevelDbWriteBatch));

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        fixed (byte* k = key)
        fixed (byte* v = value)
            LevelDbNative.WriteBatchPut(Handle, k, (nuint)key.Length, v, (nuint)value.Length);
        Count++;
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        fixed (byte* k = key)
            LevelDbNative.WriteBatchDelete(Handle, k, (nuint)key.Length);
        Count++;
    }

    public void Clear()
    {
        LevelDbNative.WriteBatchClear(Handle);
        Count = 0;
    }

    public void Dispose()
    {
        if (_batch == 0)
            return;
        LevelDbNative.WriteBatchDestroy(_batch);
        _batch = 0;
    }
}
