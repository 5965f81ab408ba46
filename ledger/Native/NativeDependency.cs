using System.Reflection;
using System.Runtime.InteropServices;

namespace ChainNode.Ledger.Native;

/// <summary>
/// A native library loaded by its versioned soname (the bare name only exists with the -dev
/// package). Loading is explicit so a missing library becomes one clear sentence instead of a
/// DllNotFoundException deep inside a P/Invoke.
/// </summary>
public sealed class NativeDependency(string library, string debianPackage)
{
    public static readonly NativeDependency Secp256k1 = new("libsecp256k1.so.1", "libsecp256k1-1");
    public static readonly NativeDependency LevelDb = new("libleveldb.so.1d", "libleveldb1d");

    private readonly Lock _gate = new();
    private nint _handle;

    public string Library { get; } = library;
    public string DebianPackage { get; } = debianPackage;

    /// <summary>Loads the library once; throws <see cref="MissingNativeLibraryException"/> if absent.</summary>
    public nint Load()
    {
        lock (_gate)
        {
            if (_handle != 0)
                return _handle;
            if (!NativeLibrary.TryLoad(Library, Assembly.GetExecutingAssembly(), DllImportSearchPath.SafeDirectories, out var handle))
                throw new MissingNativeLibraryException(Library, DebianPackage);
            _handle = handle;
            return handle;
        }
    }
}
