namespace ChainNode.Native;

/// <summary>A native library the node needs is not installed; the message names the Debian package.</summary>
public sealed class MissingNativeLibraryException(string library, string debianPackage)
    : Exception($"{library} was not found: install the Debian package {debianPackage} (apt-get install {debianPackage}).")
{
    public string Library { get; } = library;
    public string DebianPackage { get; } = debianPackage;
}
