using System.Runtime.InteropServices;

namespace ChainNode.Node.Devnet;

/// <summary>Sends SIGTERM, which .NET's Process API cannot: Process.Kill is always SIGKILL.</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;
}
