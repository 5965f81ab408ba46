using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Consensus;

// Proposing: the replica asks for a block when this node is primary and the block interval has
// passed; the node answers at once if txs are waiting, or with an empty block when the
// EmptyBlockRule says one is due.
public sealed partial class ConsensusLoop
{
    private readonly EmptyBlockRule _emptyBlocks;
    private ProposalRequest? _proposal;
    private long _lastProposalMs;

    // A full mempool already holds a block's worth: the block interval would only add latency
    // (and caps throughput at the pool's size per interval).
    private void ProposeEarlyIfPoolFull()
    {
        if (_proposal is not null || !_host.IsPrimary || _pool.FullForClients() is null)
            return;
        _host.ProposeEarly();
        Publish();
    }

    private void MaybePropose()
    {
        if (_proposal is not { } request)
            return;
        if (request.View != _host.View || !_host.IsPrimary || !_host.ViewActive)
        {
            _proposal = null; // overtaken by a view change; the replica will ask again
            return;
        }
        if (_execution.StateAfter(request.ParentHash) is not { } parent)
            return; // the parent is still being applied; ask again on the next input
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var emptyDue = _emptyBlocks.Due(request.Height, now, _lastProposalMs, parent.Block.Header.TimestampMs);
        if (EpochBlockRule.FindProblem(parent.State, request.Height, _epoch) is not null)
        {
            _proposal = null; // the next epoch's set proposes this height; this replica ends with its epoch
            return;
        }
        var parameters = _epoch.Parameters;
        var maxTxs = Math.Min((int)parameters.MaxTxsPerBlock, _sizer.Cap);
        IReadOnlyList<VerifiedTransaction> candidates = _pool.ReadyCandidates(maxTxs, parent.State);
        candidates = _filterProposal?.Invoke(candidates) ?? candidates;
        if (candidates.Count == 0 && !emptyDue)
            return;

        var timestamp = Math.Max(now, parent.Block.Header.TimestampMs + 1);
        var self = _key.Address;
        var context = new BlockContext(request.Height, timestamp, self, parameters.GasPrice);
        const int headerAllowance = 1024;
        var built = new BlockBuilder(_execution.Executor.Transactions)
            .Build(candidates, context, parent.State, parent.StateRoot, maxTxs, (int)parameters.MaxBlockBytes - headerAllowance);
        foreach (var (tx, why) in built.Skipped)
        {
            if (why.Reason == InapplicableReason.NonceTooHigh)
                continue; // a nonce gap may still fill
            _pool.Remove(tx.Hash); // can never apply now
            _log.LogWarning("Dropped tx {Hash} from the mempool while building block {Height}: {Reason}", tx.Hash, request.Height, why.Message);
        }
        if (built.Txs.Count == 0 && !emptyDue)
            return;

        var header = new BlockHeader
        {
            ChainId = _genesis.ChainId,
            Height = request.Height,
            PreviousHash = request.ParentHash.ToByteString(),
            TxRoot = DecodedBlock.ComputeTxRoot(built.Txs).ToByteString(),
            StateRoot = built.Result.StateRoot.ToByteString(),
            Proposer = ByteString.CopyFrom(self.Span),
            TimestampMs = timestamp,
            View = request.View,
        };
        var block = DecodedBlock.Create(header, built.Txs);
        _execution.Cache.Add(block, built.Result, parent.State);
        _proposal = null;
        _lastProposalMs = now;
        _sizer.Proposed(request.Height, built.Txs.Count, now);
        var outcome = _host.Propose(block.Block);
        if (outcome.Result != StepResult.Accepted)
            _log.LogDebug("Proposal for height {Height} not used: {Reason}", request.Height, outcome.Reason);
        Publish();
    }
}
