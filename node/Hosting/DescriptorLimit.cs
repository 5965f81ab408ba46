using System.Runtime.InteropServices;

namespace ChainNode.Node.Hosting;

/// <summary>
/// The process's open-file limit (RLIMIT_NOFILE). Every connection costs a descriptor, and a
/// .NET process that runs out of them dies (the runtime cannot create its own handles), so the
/// node raises its soft limit to the hard one at start and sizes its connection budgets from it.
/// </summary>
public static partial class DescriptorLimit
{
    private const int RlimitNofile = 7; // Linux, every architecture .NET runs on
    private const ulong Infinity = ulong.MaxValue;

    public sealed record Result(ulong Soft, ulong Hard, ulong Before, string? Problem);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, in RLimit limit);

    /// <summary>Raises the soft limit to the hard one (or the kernel's nr_open when the hard one is unlimited) and reports both.</summary>
    public static Result RaiseSoftToHard()
    {
        if (!OperatingSystem.IsLinux())
            return new Result(DefaultAssumed, DefaultAssumed, DefaultAssumed, "not Linux: assuming 1024 descriptors");
        if (GetRLimit(RlimitNofile, out var limit) != 0)
            return new Result(DefaultAssumed, DefaultAssumed, DefaultAssumed, $"getrlimit failed (errno {Marshal.GetLastPInvokeError()}): assuming 1024 descriptors");
        var before = limit.Current;
        var wanted = limit.Maximum == Infinity ? KernelMaximum() : limit.Maximum;
        if (wanted <= limit.Current)
            return new Result(limit.Current, limit.Maximum, before, null);
        var raised = limit with { Current = wanted };
        if (SetRLimit(RlimitNofile, raised) != 0)
            return new Result(limit.Current, limit.Maximum, before, $"setrlimit to {wanted} failed (errno {Marshal.GetLastPInvokeError()})");
        return new Result(wanted, limit.Maximum, before, null);
    }

    private const ulong DefaultAssumed = 1024;

    private static ulong KernelMaximum()
    {
        try
        {
            return ulong.Parse(File.ReadAllText("/proc/sys/fs/nr_open").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 1_048_576; // the kernel's default nr_open
        }
    }
}
