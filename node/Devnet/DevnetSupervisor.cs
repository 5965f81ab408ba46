using System.Globalization;
using ChainNode.Node.Commands;
using ChainNode.Node.Configuration;

namespace ChainNode.Node.Devnet;

/// <summary>
/// Runs a local network as separate validator processes: starts them, waits until each answers
/// on its API, prints where everything is, restarts a validator that dies (with backoff), and
/// stops them all (SIGTERM, then SIGKILL after a grace period) when cancelled.
/// </summary>
internal sealed class DevnetSupervisor(string directory, NetworkDescription network, TextWriter output)
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);
    private const int MaxRestarts = 5;

    public async Task<int> RunAsync(CancellationToken stop)
    {
        var children = network.Nodes.Select(n => new ValidatorProcess(n.Name, Path.Combine(directory, n.Home))).ToList();
        try
        {
            foreach (var child in children)
                child.Start();
            output.WriteLine($"Starting {children.Count} validators (logs: <home>/node.log)...");
            if (!await WaitUntilServingAsync(children, stop))
                return Commands.ExitCodes.Error;
            PrintTable(children);
            await SuperviseAsync(children, stop);
            return Commands.ExitCodes.Ok;
        }
        finally
        {
            output.WriteLine("Stopping validators...");
            await Task.WhenAll(children.Select(c => c.StopAsync(StopGrace)));
            foreach (var child in children)
                child.Dispose();
            output.WriteLine("All validators stopped.");
        }
    }

    private async Task<bool> WaitUntilServingAsync(List<ValidatorProcess> children, CancellationToken stop)
    {
        try
        {
            await ValidatorStartup.WaitUntilServingAsync(children, network.Nodes.Select(n => new Uri(n.ApiUrl)).ToList(), minHeight: 0, StartupLimit, stop);
            return true;
        }
        catch (CommandException e)
        {
            output.WriteLine($"error: {e.Message}");
            return false;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private void PrintTable(List<ValidatorProcess> children)
    {
        output.WriteLine($"Devnet '{network.ChainId}' is running ({directory}):");
        output.WriteLine($"  {"validator",-13} {"pid",-8} {"gRPC API",-26} {"explorer (/api, /health, /metrics)",-36}");
        for (var i = 0; i < children.Count; i++)
        {
            var pid = children[i].Pid?.ToString(CultureInfo.InvariantCulture) ?? "-";
            output.WriteLine($"  {children[i].Name,-13} {pid,-8} {network.Nodes[i].ApiUrl,-26} {network.Nodes[i].HttpUrl + "/",-36}");
        }
        output.WriteLine($"Funded member keys: {Path.Combine(directory, "members")}. Press Ctrl-C to stop all validators.");
        output.Flush();
    }

    private async Task SuperviseAsync(List<ValidatorProcess> children, CancellationToken stop)
    {
        using var every = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await every.WaitForNextTickAsync(stop))
            {
                foreach (var child in children.Where(c => !c.IsRunning))
                {
                    if (child.Restarts >= MaxRestarts)
                        continue;
                    output.WriteLine($"{child.Name} exited with code {child.ExitCode}; restarting ({child.Restarts + 1}/{MaxRestarts}, log: {child.LogFile})");
                    child.Start();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
