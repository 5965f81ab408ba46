using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ChainNode.Ledger.Native;

/// <summary>Routes this assembly's DllImports through <see cref="NativeDependency"/> so every load gets the clear error.</summary>
internal static class NativeLibraryResolver
{
    // A module initializer is the one hook that runs before any P/Invoke of this assembly resolves.
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Must run before the first P/Invoke.")]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name == NativeDependency.Secp256k1.Library)
            return NativeDependency.Secp256k1.Load();
        if (name == NativeDependency.LevelDb.Library)
            return NativeDependency.LevelDb.Load();
        return 0; // not ours: default probing
    }
}
