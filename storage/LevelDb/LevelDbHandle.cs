using System.Runtime.InteropServices;

namespace ChainNode.Storage.LevelDb;

/// <summary>
/// Owns an open leveldb_t and the option objects it was opened with. SafeHandle reference
/// counting keeps the database open until the last in-flight call or iterator lets go, so
/// disposing the store during a scan cannot free memory LevelDB is still using.
/// </summary>
internal sealed class LevelDbHandle : SafeHandle
{
    public LevelDbHandle()
        : base(0, ownsHandle: true)
    {
    }

    public nint Options { get; init; }
    public nint FilterPolicy { get; init; }
    public nint Cache { get; init; }
    public nint ReadOptions { get; init; }
    public nint WriteOptionsSync { get; init; }
    public nint WriteOptionsNoSync { get; init; }

    public override bool IsInvalid => handle == 0;

    internal void Attach(nint db) => SetHandle(db);

    protected override bool ReleaseHandle()
    {
        LevelDbNative.Close(handle);
        FreeOptions();
        return true;
    }

    /// <summary>Frees the option objects; also used when open fails and no handle was attached.</summary>
    internal void FreeOptions()
    {
        LevelDbNative.ReadOptionsDestroy(ReadOptions);
        LevelDbNative.WriteOptionsDestroy(WriteOptionsSync);
        LevelDbNative.WriteOptionsDestroy(WriteOptionsNoSync);
        // The options reference the filter policy and cache, so they go first.
        LevelDbNative.OptionsDestroy(Options);
        LevelDbNative.FilterPolicyDestroy(FilterPolicy);
        LevelDbNative.CacheDestroy(Cache);
    }
}
