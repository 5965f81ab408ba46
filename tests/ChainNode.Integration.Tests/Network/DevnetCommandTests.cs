using System.Diagnostics;
using System.Globalization;
using ChainNode.Ledger.Genesis;
using ChainNode.Rpc.Api;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Network;

/// <summary>`chainnode devnet` and `init --insecure-dev-keys`, run as processes the way the README tells a newcomer to.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // file modes are POSIX; the node runs on Debian
public sealed class DevnetCommandTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task Init_with_dev_keys_reproduces_the_repository_genesis()
    {
        using var dir = new TempDirectory();
        var init = await ChainnodeProcess.RunAsync("init", "--validators", "4", "--insecure-dev-keys", "--out", dir.Combine("net"));
        Assert.AreEqual(0, init.ExitCode, init.StandardError);
        var created = GenesisBlock.Create(GenesisLoader.LoadFile(dir.Combine("net", "genesis.json"))).Block.Hash;
        var repository = GenesisBlock.Create(GenesisLoader.LoadFile(Path.Combine(RepoPaths.Root, "genesis.json"))).Block.Hash;
        Assert.AreEqual(repository, created, "genesis.json in the repository must be exactly what the devnet runs");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.Combine("net", "node-0", "validator.key")));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.Combine("net", "members", "member-0.key")));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir.Combine("net", "node-0", "data")));
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task Devnet_starts_four_validators_that_commit_and_stops_them_all_on_a_signal()
    {
        using var dir = new TempDirectory();
        var basePort = FreePorts.FindBase(4);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "chainnode.dll"), "devnet", "--dir", dir.Combine("devnet"), "--base-port", basePort.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        using var devnet = Process.Start(start)!;
        devnet.StandardInput.Close();
        var output = new List<string>();
        var running = new TaskCompletionSource();
        devnet.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (output)
                output.Add(e.Data);
            if (e.Data.Contains("Press Ctrl-C", StringComparison.Ordinal))
                running.TrySetResult();
        };
        devnet.BeginOutputReadLine();
        var stderr = devnet.StandardError.ReadToEndAsync();
        var pids = new List<int>();
        try
        {
            await running.Task.WaitAsync(TimeSpan.FromSeconds(120));
            lock (output)
            {
                pids.AddRange(output.Where(l => l.TrimStart().StartsWith("validator-", StringComparison.Ordinal))
                    .Select(l => int.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)));
            }
            Assert.AreEqual(4, pids.Count, string.Join('\n', output));
            for (var i = 0; i < 4; i++)
            {
                using var api = new PublicApiClient(new Uri($"http://127.0.0.1:{basePort + 100 + i}"));
                await Eventually.Async(async () => (await api.GetStatusAsync()).Height >= 2, TimeSpan.FromSeconds(60), $"devnet validator {i} to commit");
            }

            // SIGTERM, which the devnet handles as it does Ctrl-C: a runner started in the background
            // (`cmd &` in a script) hands its children SIGINT already ignored, and then the runtime
            // leaves it ignored, so a SIGINT here would test the runner, not the devnet.
            using (var interrupt = Process.Start("kill", ["-TERM", devnet.Id.ToString(CultureInfo.InvariantCulture)]))
                await interrupt!.WaitForExitAsync();
            try
            {
                await devnet.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                lock (output)
                    Assert.Fail($"devnet did not exit within 60 s of SIGTERM; validators alive: {string.Join(", ", pids.Where(IsAlive))}; its output:\n{string.Join('\n', output)}");
            }
            Assert.AreEqual(0, devnet.ExitCode, await stderr);
            foreach (var pid in pids)
                Assert.IsFalse(IsAlive(pid), $"validator process {pid} outlived the devnet");
        }
        finally
        {
            if (!devnet.HasExited)
                devnet.Kill(entireProcessTree: true);
            foreach (var pid in pids.Where(IsAlive))
                Process.GetProcessById(pid).Kill();
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
