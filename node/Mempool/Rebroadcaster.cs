using ChainNode.Node.Peers;

namespace ChainNode.Node.Mempool;

/// <summary>
/// Every second, gossips again the local txs that have waited too long, so no lost batch strands
/// a tx, and drops those stuck behind a nonce gap past its timeout.
/// </summary>
public sealed class Rebroadcaster(TxPool pool, PeerNetwork peers, TimeProvider clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);
    private const int MaxPerRound = 4096;

    public async Task RunAsync(CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancel))
            {
                foreach (var tx in pool.TakeForRebroadcast(Patience, MaxPerRound))
                    peers.Gossip(tx);
                pool.ExpireBehindGaps();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
