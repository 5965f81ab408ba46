using System.Diagnostics;
using System.Globalization;

namespace ChainNode.Integration.Tests;

/// <summary>
/// A test that passed its [Timeout] is abandoned, not stopped (see IntegrationTimeouts): it stops
/// its processes only once its own waits run out. So that none outlives the run, whatever this
/// test host still has as a child process when the assembly finishes is killed here, and named.
/// </summary>
[TestClass]
public static class LeftoverProcesses
{
    [AssemblyCleanup]
    public static void Kill_every_child_process_a_timed_out_test_left_running()
    {
        foreach (var pid in ChildrenOf(Environment.ProcessId))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                Console.Error.WriteLine($"killing leftover process {pid}: {process.ProcessName}");
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }
    }

    private static List<int> ChildrenOf(int parent)
    {
        if (!Directory.Exists("/proc"))
            return [];
        return Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == parent)
            .ToList();
    }

    /// <summary>The fourth field of /proc/PID/stat; the second (the name, in parentheses) may hold spaces.</summary>
    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
