using System.Reflection;
using System.Runtime.InteropServices;

namespace ChainNode.Native;

/// <summary>
/// A native library loaded by its versioned soname (the bare name only exists with the -dev
/// package). Loading is explicit so a missing library becomes one clear sentence instead of a
/// DllNotFoundException deep inside a P/Invoke.
/// </summary>
public sealed class NativeDependency(string library, string debianPackage)
{
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
