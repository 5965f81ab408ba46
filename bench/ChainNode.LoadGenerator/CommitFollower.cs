using ChainNode.Rpc.Api;
using Grpc.Core;

namespace ChainNode.LoadGenerator;

/// <summary>
/// Follows committed blocks through a block subscription to any live node: when the node it
/// follows goes away, it subscribes to the next one from the height after the last block it saw,
/// so no block is missed or counted twice, and the outage is recorded instead of ending the run.
/// </summary>
public sealed class CommitFollower(IReadOnlyList<PublicApiClient> clients, NodeOutages outages, Func<double> now)
{
    private static readonly TimeSpan AllDownPause = TimeSpan.FromMilliseconds(200);

    public async Task RunAsync(Action<SubscribeBlocksResponse> onBlock, CancellationToken cancel)
    {
        ulong next = 0; // 0: from the next block to commit
        var node = 0;
        var failedInARow = 0;
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await foreach (var block in clients[node].SubscribeBlocksAsync(next, cancel))
                {
                    outages.Answered(node, now());
                    failedInARow = 0;
                    if (block.Height < next)
                        continue;
                    next = block.Height + 1;
                    onBlock(block);
                }
                outages.Failed(node, now()); // the node ended the stream: it is shutting down
            }
            catch (RpcException) when (!cancel.IsCancellationRequested)
            {
                outages.Failed(node, now());
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException && cancel.IsCancellationRequested)
            {
                return;
            }
            node = (node + 1) % clients.Count;
            if (++failedInARow % clients.Count == 0)
                await Pause(cancel); // every node refused in turn: wait a little before the next round
        }
    }

    private static async Task Pause(CancellationToken cancel)
    {
        try
        {
            await Task.Delay(AllDownPause, cancel);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
