using System.Diagnostics;

namespace ChainNode.Node.Tests.Network;

/// <summary>
/// One `chainnode run` process, with its output appended to a log file in its home (so the log
/// survives kill -9). Stop sends SIGTERM and waits; Kill is kill -9.
/// </summary>
internal sealed class NodeProcess(string home) : IDisposable
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "chainnode.dll");
    private Process? _process;

    public string Home { get; } = home;

    public string LogFile => Path.Combine(Home, "node.log");

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        if (IsRunning)
            throw new InvalidOperationException($"{Home} is already running");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        // exec: the shell becomes the node, so the PID we hold is the node's own.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet \"{Dll}\" run --home \"{Home}\" >> \"{LogFile}\" 2>&1");
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start chainnode");
        _process.StandardInput.Close();
    }

    /// <summary>Graceful stop (SIGTERM), falling back to kill -9 after the timeout.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process is not { HasExited: false } process)
            return;
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await term!.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>kill -9: no chance to flush or clean up, like a power cut for the process.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill();
        await process.WaitForExitAsync();
    }

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    public string LogTail(int lines = 40)
    {
        if (!File.Exists(LogFile))
            return "(no log)";
        var all = File.ReadAllLines(LogFile);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }
        _process?.Dispose();
    }
}
