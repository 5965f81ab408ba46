using ChainNode.Consensus.Pbft;
using ChainNode.Rpc.Transport;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Consensus;

// Catching up: a node that is behind (restarted, partitioned, or started with an empty data
// directory) learns it from the replica's own proof of missed commits or from the heights its
// peers report with every batch, and fetches certified blocks in chunks until it is level.
// No fixed timer: the next chunk is asked for as soon as the last one is applied.
public sealed partial class ConsensusLoop
{
    private const uint BlocksPerFetch = 64;
    private const int BehindTicksBeforeFetch = 20; // a peer one block ahead is normal mid-commit
    private ulong _catchUpTarget;
    private bool _fetchInFlight;
    private int _ticksBehind;
    private int _nextFetchPeer;
    private CancellationToken _stopping;

    private void WantBlocksUpTo(ulong height) => _catchUpTarget = Math.Max(_catchUpTarget, height);

    private void MaybeCatchUp()
    {
        var height = _chain.Height;
        var highest = _peers.Status.HighestHeight();
        _ticksBehind = highest > height ? _ticksBehind + 1 : 0;
        if (highest >= height + 2 || _ticksBehind >= BehindTicksBeforeFetch)
            WantBlocksUpTo(highest);
        if (_catchUpTarget <= height || _fetchInFlight)
            return;
        var peer = PickFetchPeer(height + 1);
        if (peer is null)
            return;
        _fetchInFlight = true;
        _ = FetchAsync(peer.Value, height + 1);
    }

    private int? PickFetchPeer(ulong needed)
    {
        var count = _config.ValidatorCount;
        for (var step = 0; step < count; step++)
        {
            var candidate = (_nextFetchPeer + step) % count;
            if (candidate != _self && _peers.Status.IsConnected(candidate) && _peers.Status.Height(candidate) >= needed)
            {
                _nextFetchPeer = candidate;
                return candidate;
            }
        }
        return null;
    }

    private async Task FetchAsync(int peer, ulong from)
    {
        LoopEvent result;
        try
        {
            var response = await _peers.FetchBlocksAsync(peer, from, BlocksPerFetch, _stopping);
            result = new LoopEvent.Fetched(peer, response.Blocks);
        }
        catch (RpcException e)
        {
            result = new LoopEvent.FetchFailed(peer, e.Message);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        _inbox.Post(result);
    }

    private void DeliverFetched(LoopEvent.Fetched fetched)
    {
        _fetchInFlight = false;
        var before = _chain.Height;
        foreach (var finalized in fetched.Blocks)
        {
            var outcome = _replica.DeliverCertifiedBlock(finalized.Block, finalized.Certificate);
            if (outcome.Result == StepResult.Rejected)
            {
                _log.LogWarning("Fetched block from validator {Peer} refused: {Reason}", fetched.From, outcome.Reason);
                _nextFetchPeer++;
                break;
            }
            HandleReady();
        }
        if (_chain.Height > before)
            _log.LogInformation("Catching up: now at height {Height} of {Target} (blocks from validator {Peer})", _chain.Height, _catchUpTarget, fetched.From);
        if (fetched.Blocks.Count == 0)
            _nextFetchPeer++;
        MaybeCatchUp(); // ask for the next chunk at once
    }

    private void OnFetchFailed(LoopEvent.FetchFailed failed)
    {
        _fetchInFlight = false;
        _nextFetchPeer++;
        _log.LogWarning("Fetching blocks from validator {Peer} failed: {Reason}", failed.From, failed.Reason);
    }
}
