using System.Runtime.InteropServices;

namespace ChainNode.Storage.LevelDb;

/// <summary>
/// The production <see cref="IKeyValueStore"/>: LevelDB with bloom filters, an LRU block cache,
/// paranoid checks and checksum-verified reads. This folder is the only code that touches LevelDB.
/// </summary>
public sealed unsafe class LevelDbStore : IKeyValueStore
{
    private const int BloomBitsPerKey = 10;
    private const nuint BlockCacheBytes = 64 * 1024 * 1024;
    private const nuint WriteBufferBytes = 32 * 1024 * 1024;

    private readonly LevelDbHandle _db;

    private LevelDbStore(LevelDbHandle db, string path)
    {
        _db = db;
        Path = path;
    }

    public string Path { get; }

    /// <summary>
    /// Opens the database at <paramref name="path"/>. A new one is created only if
    /// <paramref name="createIfMissing"/> and the folder is absent or empty: a folder holding
    /// files but no LevelDB CURRENT file is reported as damaged, never silently replaced.
    /// </summary>
    public static LevelDbStore Open(string path, bool createIfMissing)
    {
        LevelDbNative.Dependency.Load();
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(System.IO.Path.Combine(fullPath, "CURRENT")))
        {
            if (Directory.Exists(fullPath) && Directory.EnumerateFileSystemEntries(fullPath).Any())
                throw new LevelDbException("open", $"'{fullPath}' holds files but no CURRENT file, so it is a damaged or half-created database; refusing to start a fresh one over it.");
            if (!createIfMissing)
                throw new LevelDbException("open", $"there is no database at '{fullPath}'.");
            Directory.CreateDirectory(fullPath);
        }

        var handle = CreateHandle(createIfMissing);
        nint error = 0;
        var db = LevelDbNative.Open(handle.Options, fullPath, &error);
        if (error != 0 || db == 0)
        {
            handle.FreeOptions();
            handle.SetHandleAsInvalid();
            var status = error != 0 ? Marshal.PtrToStringUTF8(error) ?? "unknown error" : "leveldb_open returned no handle";
            if (error != 0)
                LevelDbNative.Free(error);
            throw new LevelDbException("open", status, Explain(status, fullPath));
        }
        handle.Attach(db);
        return new LevelDbStore(handle, fullPath);
    }

    private static LevelDbHandle CreateHandle(bool createIfMissing)
    {
        var filter = LevelDbNative.FilterPolicyCreateBloom(BloomBitsPerKey);
        var cache = LevelDbNative.CacheCreateLru(BlockCacheBytes);
        var options = LevelDbNative.OptionsCreate();
        LevelDbNative.OptionsSetCreateIfMissing(options, createIfMissing ? (byte)1 : (byte)0);
        LevelDbNative.OptionsSetParanoidChecks(options, 1);
        LevelDbNative.OptionsSetFilterPolicy(options, filter);
        LevelDbNative.OptionsSetCache(options, cache);
        LevelDbNative.OptionsSetWriteBufferSize(options, WriteBufferBytes);
        LevelDbNative.OptionsSetMaxOpenFiles(options, 500);
        // Hashes, keys and signatures do not compress: under load, Snappy spent ~3% of the
        // network's CPU trying and failing. Store blocks as they are.
        LevelDbNative.OptionsSetCompression(options, LevelDbNative.NoCompression);

        var read = LevelDbNative.ReadOptionsCreate();
        LevelDbNative.ReadOptionsSetVerifyChecksums(read, 1);
        var sync = LevelDbNative.WriteOptionsCreate();
        LevelDbNative.WriteOptionsSetSync(sync, 1);
        var noSync = LevelDbNative.WriteOptionsCreate();
        return new LevelDbHandle
        {
            Options = options,
            FilterPolicy = filter,
            Cache = cache,
            ReadOptions = read,
            WriteOptionsSync = sync,
            WriteOptionsNoSync = noSync,
        };
    }

    private static string Explain(string status, string path)
    {
        // "temporarily unavailable" when another process holds it, "already held" within this one.
        if (status.Contains("LOCK", StringComparison.Ordinal)
            && (status.Contains("temporarily unavailable", StringComparison.OrdinalIgnoreCase) || status.Contains("already held", StringComparison.Ordinal)))
            return $"'{path}' is in use by another process (is a node already running on this home?): {status}";
        if (status.StartsWith("Corruption", StringComparison.Ordinal))
            return $"the database at '{path}' is corrupt: {status}";
        return status;
    }

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        nint error = 0;
        nuint length = 0;
        nint value;
        fixed (byte* k = key)
            value = LevelDbNative.Get(_db, _db.ReadOptions, k, (nuint)key.Length, &length, &error);
        LevelDbNative.ThrowIfError(error, "get");
        if (value == 0)
            return null;
        try
        {
            return new ReadOnlySpan<byte>((void*)value, checked((int)length)).ToArray();
        }
        finally
        {
            LevelDbNative.Free(value);
        }
    }

    public bool Contains(ReadOnlySpan<byte> key) => Get(key) is not null;

    public IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix) => ScanPrefix(prefix, prefix);

    public IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix, byte[] startAt)
    {
        var added = false;
        _db.DangerousAddRef(ref added);
        var iterator = LevelDbNative.CreateIterator(_db, _db.ReadOptions);
        try
        {
            Seek(iterator, ByteKeyComparer.Instance.Compare(startAt, prefix) > 0 ? startAt : prefix);
            while (TryRead(iterator, prefix, out var entry))
            {
                yield return entry;
                LevelDbNative.IterNext(iterator);
            }
            ThrowIfIteratorFailed(iterator);
        }
        finally
        {
            LevelDbNative.IterDestroy(iterator);
            if (added)
                _db.DangerousRelease();
        }
    }

    private static void Seek(nint iterator, byte[] prefix)
    {
        fixed (byte* p = prefix)
            LevelDbNative.IterSeek(iterator, p, (nuint)prefix.Length);
    }

    // Copies the current entry out: LevelDB owns the pointers only until the next move.
    private static bool TryRead(nint iterator, byte[] prefix, out KeyValuePair<byte[], byte[]> entry)
    {
        entry = default;
        if (LevelDbNative.IterValid(iterator) == 0)
            return false;
        nuint keyLength, valueLength;
        var key = new ReadOnlySpan<byte>(LevelDbNative.IterKey(iterator, &keyLength), checked((int)keyLength));
        if (!key.StartsWith(prefix))
            return false;
        var value = new ReadOnlySpan<byte>(LevelDbNative.IterValue(iterator, &valueLength), checked((int)valueLength));
        entry = KeyValuePair.Create(key.ToArray(), value.ToArray());
        return true;
    }

    private static void ThrowIfIteratorFailed(nint iterator)
    {
        nint error = 0;
        LevelDbNative.IterGetError(iterator, &error);
        LevelDbNative.ThrowIfError(error, "iterate");
    }

    public IWriteBatch CreateBatch() => new LevelDbWriteBatch(this);

    public IWriteBatch Join(IWriteBatch batch) => Own(batch);

    public void Write(IWriteBatch batch, bool sync)
    {
        var levelDbBatch = Own(batch);
        nint error = 0;
        LevelDbNative.Write(_db, sync ? _db.WriteOptionsSync : _db.WriteOptionsNoSync, levelDbBatch.Handle, &error);
        LevelDbNative.ThrowIfError(error, "write");
    }

    private LevelDbWriteBatch Own(IWriteBatch batch) =>
        KeySpace.RootOf(batch) is LevelDbWriteBatch mine && mine.Owner == this ? mine
            : throw new ArgumentException("The batch was created by a different store.", nameof(batch));

    /// <summary>A LevelDB property such as "leveldb.stats", or null if unknown.</summary>
    public string? GetProperty(string name)
    {
        var value = LevelDbNative.PropertyValue(_db, name);
        if (value == 0)
            return null;
        try
        {
            return Marshal.PtrToStringUTF8(value);
        }
        finally
        {
            LevelDbNative.Free(value);
        }
    }

    public void Dispose() => _db.Dispose();
}
