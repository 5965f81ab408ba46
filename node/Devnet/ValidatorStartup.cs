using ChainNode.Node.Commands;
using ChainNode.Rpc.Api;
using Grpc.Core;

namespace ChainNode.Node.Devnet;

/// <summary>Waiting for freshly started validator processes to serve their API (devnet, bench).</summary>
public static class ValidatorStartup
{
    /// <summary>
    /// Returns once every validator answers GetStatus at height <paramref name="minHeight"/> or
    /// more; throws a <see cref="CommandException"/> naming the one that exited or stayed silent.
    /// </summary>
    public static async Task WaitUntilServingAsync(IReadOnlyList<ValidatorProcess> processes, IReadOnlyList<Uri> apis, ulong minHeight,
        TimeSpan limit, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(limit);
        for (var i = 0; i < processes.Count; i++)
        {
            using var client = new PublicApiClient(apis[i], TimeSpan.FromSeconds(2));
            while (true)
            {
                if (!processes[i].IsRunning)
                    throw new CommandException($"{processes[i].Name} exited with code {processes[i].ExitCode} while starting; see {processes[i].LogFile}");
                try
                {
                    if ((await client.GetStatusAsync(deadline.Token)).Height >= minHeight)
                        break;
                }
                catch (RpcException)
                {
                    // not listening yet
                }
                try
                {
                    await Task.Delay(200, deadline.Token);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    throw new CommandException($"{processes[i].Name} did not answer on {apis[i]} within {limit.TotalSeconds:F0} s; see {processes[i].LogFile}");
                }
            }
        }
    }
}
