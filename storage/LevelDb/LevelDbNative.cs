using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ChainNode.Native;

namespace ChainNode.Storage.LevelDb;

/// <summary>
/// P/Invoke declarations for the C API of Debian's LevelDB (libleveldb1d, leveldb/c.h).
/// Ownership rules that matter: every non-null leveldb_get result and every error string is
/// freed with leveldb_free; iterator key/value pointers belong to LevelDB until the next move.
/// </summary>
internal static unsafe partial class LevelDbNative
{
    public const string Library = "libleveldb.so.1d";

    /// <summary>Loaded through <see cref="NativeDependency"/> so a missing library is one clear sentence.</summary>
    public static readonly NativeDependency Dependency = new(Library, "libleveldb1d");

    // The one hook that runs before any P/Invoke of this assembly resolves.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Must run before the first P/Invoke.")]
    internal static void RouteImports() => NativeLibraryResolver.Route(typeof(LevelDbNative).Assembly, Dependency);

    public const int NoCompression = 0;

    [LibraryImport(Library, EntryPoint = "leveldb_open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Open(nint options, string name, nint* errptr);

    [LibraryImport(Library, EntryPoint = "leveldb_close")]
    public static partial void Close(nint db);

    [LibraryImport(Library, EntryPoint = "leveldb_get")]
    public static partial nint Get(LevelDbHandle db, nint readOptions, byte* key, nuint keyLength, nuint* valueLength, nint* errptr);

    [LibraryImport(Library, EntryPoint = "leveldb_write")]
    public static partial void Write(LevelDbHandle db, nint writeOptions, nint batch, nint* errptr);

    [LibraryImport(Library, EntryPoint = "leveldb_free")]
    public static partial void Free(nint ptr);

    [LibraryImport(Library, EntryPoint = "leveldb_property_value", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint PropertyValue(LevelDbHandle db, string name);

    // Options
    [LibraryImport(Library, EntryPoint = "leveldb_options_create")]
    public static partial nint OptionsCreate();

    [LibraryImport(Library, EntryPoint = "leveldb_options_destroy")]
    public static partial void OptionsDestroy(nint options);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_create_if_missing")]
    public static partial void OptionsSetCreateIfMissing(nint options, byte value);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_paranoid_checks")]
    public static partial void OptionsSetParanoidChecks(nint options, byte value);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_filter_policy")]
    public static partial void OptionsSetFilterPolicy(nint options, nint policy);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_cache")]
    public static partial void OptionsSetCache(nint options, nint cache);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_write_buffer_size")]
    public static partial void OptionsSetWriteBufferSize(nint options, nuint size);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_max_open_files")]
    public static partial void OptionsSetMaxOpenFiles(nint options, int count);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_compression")]
    public static partial void OptionsSetCompression(nint options, int compression);

    [LibraryImport(Library, EntryPoint = "leveldb_filterpolicy_create_bloom")]
    public static partial nint FilterPolicyCreateBloom(int bitsPerKey);

    [LibraryImport(Library, EntryPoint = "leveldb_filterpolicy_destroy")]
    public static partial void FilterPolicyDestroy(nint policy);

    [LibraryImport(Library, EntryPoint = "leveldb_cache_create_lru")]
    public static partial nint CacheCreateLru(nuint capacity);

    [LibraryImport(Library, EntryPoint = "leveldb_cache_destroy")]
    public static partial void CacheDestroy(nint cache);

    [LibraryImport(Library, EntryPoint = "leveldb_readoptions_create")]
    public static partial nint ReadOptionsCreate();

    [LibraryImport(Library, EntryPoint = "leveldb_readoptions_destroy")]
    public static partial void ReadOptionsDestroy(nint options);

    [LibraryImport(Library, EntryPoint = "leveldb_readoptions_set_verify_checksums")]
    public static partial void ReadOptionsSetVerifyChecksums(nint options, byte value);

    [LibraryImport(Library, EntryPoint = "leveldb_readoptions_set_fill_cache")]
    public static partial void ReadOptionsSetFillCache(nint options, byte value);

    [LibraryImport(Library, EntryPoint = "leveldb_readoptions_set_snapshot")]
    public static partial void ReadOptionsSetSnapshot(nint options, nint snapshot);

    [LibraryImport(Library, EntryPoint = "leveldb_writeoptions_create")]
    public static partial nint WriteOptionsCreate();

    [LibraryImport(Library, EntryPoint = "leveldb_writeoptions_destroy")]
    public static partial void WriteOptionsDestroy(nint options);

    [LibraryImport(Library, EntryPoint = "leveldb_writeoptions_set_sync")]
    public static partial void WriteOptionsSetSync(nint options, byte value);

    // Snapshots
    [LibraryImport(Library, EntryPoint = "leveldb_create_snapshot")]
    public static partial nint CreateSnapshot(LevelDbHandle db);

    [LibraryImport(Library, EntryPoint = "leveldb_release_snapshot")]
    public static partial void ReleaseSnapshot(LevelDbHandle db, nint snapshot);

    // Write batches
    [LibraryImport(Library, EntryPoint = "leveldb_writebatch_create")]
    public static partial nint WriteBatchCreate();

    [LibraryImport(Library, EntryPoint = "leveldb_writebatch_destroy")]
    public static partial void WriteBatchDestroy(nint batch);

    [LibraryImport(Library, EntryPoint = "leveldb_writebatch_clear")]
    public static partial void WriteBatchClear(nint batch);

    [LibraryImport(Library, EntryPoint = "leveldb_writebatch_put")]
    public static partial void WriteBatchPut(nint batch, byte* key, nuint keyLength, byte* value, nuint valueLength);

    [LibraryImport(Library, EntryPoint = "leveldb_writebatch_delete")]
    public static partial void WriteBatchDelete(nint batch, byte* key, nuint keyLength);

    // Iterators
    [LibraryImport(Library, EntryPoint = "leveldb_create_iterator")]
    public static partial nint CreateIterator(LevelDbHandle db, nint readOptions);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_destroy")]
    public static partial void IterDestroy(nint iterator);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_valid")]
    public static partial byte IterValid(nint iterator);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_seek")]
    public static partial void IterSeek(nint iterator, byte* key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_next")]
    public static partial void IterNext(nint iterator);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_key")]
    public static partial byte* IterKey(nint iterator, nuint* length);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_value")]
    public static partial byte* IterValue(nint iterator, nuint* length);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_get_error")]
    public static partial void IterGetError(nint iterator, nint* errptr);

    /// <summary>Throws if <paramref name="error"/> is set, freeing the string LevelDB allocated.</summary>
    public static void ThrowIfError(nint error, string operation)
    {
        if (error == 0)
            return;
        var message = Marshal.PtrToStringUTF8(error) ?? "unknown error";
        Free(error);
        throw new LevelDbException(operation, message);
    }
}
