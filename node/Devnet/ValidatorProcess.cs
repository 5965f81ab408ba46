using System.Diagnostics;

namespace ChainNode.Node.Devnet;

/// <summary>
/// One `chainnode run` process, with its output appended to node.log in its home (so the log
/// survives kill -9). Used by the devnet supervisor and by the tests that start real networks.
/// </summary>
public sealed class ValidatorProcess(string name, string home, ValidatorProcess.Command? command = null) : IDisposable
{
    /// <summary>How to start chainnode: an executable and the arguments that come before "run".</summary>
    public sealed record Command(string File, IReadOnlyList<string> Prefix);

    private readonly Command _command = command ?? Self();
    private Process? _process;

    public string Name { get; } = name;

    public string Home { get; } = home;

    public string LogFile => Path.Combine(Home, "node.log");

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public bool IsRunning => _process is { HasExited: false };

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    public int Restarts { get; private set; }

    public void Start()
    {
        if (IsRunning)
            throw new InvalidOperationException($"{Name} is already running");
        if (_process is not null)
            Restarts++;
        _process?.Dispose();
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        var arguments = string.Join(' ', _command.Prefix.Append("run").Append("--home").Append(Home).Select(Quote));
        // exec: the shell becomes the validator, so the PID held here is the validator's own.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec {Quote(_command.File)} {arguments} >> {Quote(LogFile)} 2>&1");
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Name}");
        _process.StandardInput.Close();
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/> (default 15 s).</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (_process is not { HasExited: false } process)
            return;
        PosixSignals.Terminate(process.Id);
        using var wait = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>kill -9: no chance to flush or clean up.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill();
        await process.WaitForExitAsync(CancellationToken.None);
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

    /// <summary>The chainnode running now: its apphost, or `dotnet chainnode.dll`.</summary>
    public static Command Self()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? new Command(process, [typeof(ValidatorProcess).Assembly.Location])
            : new Command(process, []);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
