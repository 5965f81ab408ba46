namespace ChainNode.Node.Commands;

/// <summary>Process exit codes shared by all commands.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The check ran and found a problem (bad ledger, bad genesis).</summary>
    public const int CheckFailed = 1;
    /// <summary>The command could not run (bad arguments, missing files, locked database).</summary>
    public const int Error = 2;
    /// <summary>A native library is not installed.</summary>
    public const int MissingNativeLibrary = 3;
}
