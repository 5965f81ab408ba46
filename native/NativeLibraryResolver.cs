using System.Reflection;
using System.Runtime.InteropServices;

namespace ChainNode.Native;

/// <summary>Routes an assembly's DllImports through <see cref="NativeDependency"/> so every load gets the clear error.</summary>
public static class NativeLibraryResolver
{
    /// <summary>
    /// Call from the binding assembly's module initializer: the one hook that runs before any of
    /// its P/Invokes resolves. Names not in <paramref name="dependencies"/> use default probing.
    /// </summary>
    public static void Route(Assembly assembly, params NativeDependency[] dependencies) =>
        NativeLibrary.SetDllImportResolver(assembly, (name, _, _) =>
            Array.Find(dependencies, d => d.Library == name) is { } dependency ? dependency.Load() : 0);
}
