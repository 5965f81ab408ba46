using ChainNode.Consensus.Pbft;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Consensus;

// Catching up: a node that is behind (restarted, partitioned, or started with an empty data
// directory) learns it from the replica's own proof of missed commits or from the heights its
// peers report with every batch, and fetches certified blocks in chunks until it is level.
// CatchUpPlanner decides what to fetch from whom; this file does the fetching.
// No fixed timer: the next chunk is asked for as soon as the last one is applied.
public sealed partial class ConsensusLoop
{
    private const uint BlocksPerFetch = 64;
    private CatchUpPlanner _catchUp = new(-1, 0, 0, 1); // replaced at every epoch start
    private (long Id, CancellationTokenSource Cancel)? _fetch;
    private CancellationToken _stopping;

    private void WantBlocksUpTo(ulong height) => _catchUp.Want(height);

    // The current epoch's validators (by their index in its set), then bootstrap peers; this node reports as disconnected.
    private PeerReport[] PeerReports() =>
        _fetchPeers.Select(v => !v.PublicKey.Equals(_key.PublicKey) && _peers.Status.Report(v.PublicKey) is { } peer
            ? new PeerReport(peer.Connected, peer.Height)
            : new PeerReport(false, 0)).ToArray();

    private void MaybeCatchUp() => Start(_catchUp.OnTick(_chain.Height, PeerReports()));

    private void FetchNextChunk() => Start(_catchUp.Next(_chain.Height, PeerReports()));

    private void Start(FetchOrder? order)
    {
        // The planner gives up on a fetch that takes too long: stop waiting for its answer.
        if (_fetch is { } running && running.Id != _catchUp.InFlightId)
        {
            running.Cancel.Cancel();
            running.Cancel.Dispose();
            _fetch = null;
        }
        if (order is null)
            return;
        _fetch = (order.Id, CancellationTokenSource.CreateLinkedTokenSource(_stopping));
        _ = FetchAsync(order, _fetch.Value.Cancel.Token);
    }

    private async Task FetchAsync(FetchOrder order, CancellationToken cancel)
    {
        LoopEvent result;
        try
        {
            var response = await _peers.FetchBlocksAsync(_fetchPeers[order.Peer].PublicKey, order.From, BlocksPerFetch, cancel);
            result = new LoopEvent.Fetched(order.Id, order.Peer, response.Blocks);
        }
        catch (RpcException e) when (!cancel.IsCancellationRequested)
        {
            result = new LoopEvent.FetchFailed(order.Id, order.Peer, $"{e.StatusCode}: {e.Status.Detail}");
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException)
        {
            return; // this fetch was called off
        }
        _inbox.Post(result);
    }

    private void DeliverFetched(LoopEvent.Fetched fetched)
    {
        var before = _chain.Height;
        var refused = false;
        foreach (var finalized in fetched.Blocks)
        {
            var outcome = _host.DeliverCertifiedBlock(finalized.Block, finalized.Certificate);
            if (outcome.Result == StepResult.Rejected)
            {
                _log.LogWarning("Fetched block from validator {Peer} refused: {Reason}", fetched.From, outcome.Reason);
                refused = true;
                break;
            }
        }
        Publish();
        if (!_catchUp.Finished(fetched.Id, useful: !refused && fetched.Blocks.Count > 0))
            return;
        if (_chain.Height > before)
            _log.LogInformation("Catching up: now at height {Height} of {Target} (blocks from validator {Peer})", _chain.Height, _catchUp.Target, fetched.From);
        FetchNextChunk(); // ask for the next chunk at once
    }

    private void OnFetchFailed(LoopEvent.FetchFailed failed)
    {
        if (_catchUp.Finished(failed.Id, useful: false))
            _log.LogWarning("Fetching blocks from validator {Peer} failed: {Reason}", failed.From, failed.Reason);
        Start(null);
    }
}
