namespace ChainNode.Integration.Tests.Network;

/// <summary>
/// A validator reads its config once: it holds no inotify watch. A watch on its working directory
/// (ASP.NET's default, to reload appsettings.json) covers every folder below it, so each LevelDB
/// write under a data directory there wakes a watcher thread, and a large tree exhausts the
/// user's inotify watches.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class FileWatchTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_running_validator_holds_no_inotify_watch()
    {
        await using var net = await LocalNetwork.StartAsync(validators: 1, members: 1);
        var pid = net.Nodes[0].Pid ?? throw new AssertFailedException("validator 0 is not running");
        await net.WaitForHeightAsync(0, 2);
        var watches = InotifyWatches(pid);
        Assert.AreEqual(0, watches.Count, $"validator watches {watches.Count} folders, e.g. {string.Join("; ", watches.Take(3))}");
    }

    /// <summary>The "inotify wd:" lines of every inotify descriptor the process holds (proc(5), fdinfo).</summary>
    private static List<string> InotifyWatches(int pid)
    {
        var lines = new List<string>();
        foreach (var info in Directory.EnumerateFiles($"/proc/{pid}/fdinfo"))
        {
            try
            {
                lines.AddRange(File.ReadLines(info).Where(l => l.StartsWith("inotify wd:", StringComparison.Ordinal)));
            }
            catch (IOException)
            {
                // The descriptor closed while being read: it holds no watch now.
            }
        }
        return lines;
    }
}
