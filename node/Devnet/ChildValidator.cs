using System.Diagnostics;

namespace ChainNode.Node.Devnet;

/// <summary>One validator process started by the devnet, with its output appended to node.log in its home.</summary>
internal sealed class ChildValidator(string name, string home) : IDisposable
{
    private Process? _process;

    public string Name { get; } = name;

    public string Home { get; } = home;

    public string LogFile => Path.Combine(Home, "node.log");

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public bool HasExited => _process is null || _process.HasExited;

    public int ExitCode => _process?.ExitCode ?? 0;

    public int Restarts { get; private set; }

    public void Start(bool restart = false)
    {
        _process?.Dispose();
        var (file, prefix) = SelfCommand();
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        var command = string.Join(' ', prefix.Append("run").Append("--home").Append(Home).Select(Quote));
        // exec: the shell becomes the validator, so the PID held here is the validator's own.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec {Quote(file)} {command} >> {Quote(LogFile)} 2>&1");
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Name}");
        _process.StandardInput.Close();
        if (restart)
            Restarts++;
    }

    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process)
            return;
        PosixSignals.Terminate(process.Id);
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
            process.Kill();
        _process?.Dispose();
    }

    // The same chainnode that runs the devnet: the apphost, or `dotnet chainnode.dll`.
    private static (string File, string[] Prefix) SelfCommand()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var assembly = typeof(ChildValidator).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? (process, [assembly]) : (process, []);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
