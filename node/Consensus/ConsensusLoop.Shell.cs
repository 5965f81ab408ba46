using ChainNode.Consensus.Hosting;
using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Types;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Consensus;

// The loop as the host's shell: what an epoch is here (the committed state's epoch history,
// this node's key), where messages go, how a final block is applied.
public sealed partial class ConsensusLoop : IReplicaShell
{
    private ValidatorEpoch _epoch = null!; // set by EpochStarted, which the host calls from its constructor
    private ReplicaEpoch? _hostEpoch;
    private (ulong Epoch, ulong View) _lastView;

    ReplicaEpoch IReplicaShell.EpochAfter(ulong committedHeight, Hash32 committedHash)
    {
        var epoch = _chain.EpochAt(committedHeight + 1);
        if (_hostEpoch is { } current && current.StartHeight == epoch.StartHeight)
            return current;
        var set = epoch.Validators;
        var self = epoch.IndexOf(_key.PublicKey);
        var parameters = epoch.Parameters;
        var baseHash = epoch.StartHeight == 1 ? _chain.GenesisHash
            : _chain.GetBlock(epoch.StartHeight - 1)?.Hash ?? throw new InvalidOperationException($"Block {epoch.StartHeight - 1} before the epoch is not stored.");
        var timeoutTicks = Math.Max(4, (int)(parameters.ViewChangeTimeoutMs / TickMs));
        var config = self is not { } index ? null : new ConsensusConfig
        {
            ValidatorCount = set.Count,
            Self = index,
            GenesisHash = _chain.GenesisHash,
            EpochStart = epoch.StartHeight,
            EpochBaseHash = baseHash,
            CheckpointInterval = ViewChangeBudget.CheckpointInterval(parameters.CheckpointInterval, set.Count, parameters.MaxBlockBytes),
            ViewChangeTimeoutTicks = timeoutTicks,
            BlockIntervalTicks = (int)(parameters.TargetBlockIntervalMs / TickMs),
            MaxBlockBytes = (int)parameters.MaxBlockBytes,
            MaxTxsPerBlock = (int)parameters.MaxTxsPerBlock,
        };
        return new ReplicaEpoch(epoch.StartHeight, _chain.GenesisHash, set.Count, new SecpMessageAuthenticator(_key, set, _chain.Signatures),
            new ProposalValidator(_genesis.ChainId, epoch, _execution, _clock), config)
        { RetryTicks = timeoutTicks };
    }

    void IReplicaShell.EpochStarted(ReplicaEpoch started)
    {
        _hostEpoch = started;
        _epoch = _chain.EpochAt(started.StartHeight);
        var set = _epoch.Validators;
        _proposal = null;
        _log.LogInformation("Validator epoch from height {Start}: {Count} validators ({Names}); this node {Role}",
            started.StartHeight, set.Count, string.Join(", ", set.Validators.Select(v => v.Name)), Role(started));
        if (set.Count < EpochRules.FaultTolerantMinimum)
            _log.LogWarning("The validator set has {Count} validators: below {Minimum} no fault is tolerated (f = 0)", set.Count, EpochRules.FaultTolerantMinimum);
        OnEpochStarted(started);
    }

    void IReplicaShell.Persisted(PersistentChanges changes)
    {
        if ((changes.Epoch, changes.View) == _lastView)
            return;
        _lastView = (changes.Epoch, changes.View);
        if (changes.View == 0)
            return; // a new epoch starts in view 0
        _metrics.ViewChanged();
        _log.LogWarning("Moved to view {View} (primary is {Primary})", changes.View, _epoch.Validators[_epoch.Validators.PrimaryIndexOf(changes.View)].Name);
    }

    void IReplicaShell.Send(OutboundMessage outbound)
    {
        foreach (var message in _tamper?.Invoke(outbound) ?? [outbound])
            SendToPeers(message);
    }

    void IReplicaShell.Commit(CommittedBlock block) => ApplyCommitted(block);

    void IReplicaShell.WantProposal(ProposalRequest request) => _proposal = request;

    void IReplicaShell.WantBlocks(CatchUpRequest request) => WantBlocksUpTo(request.ToHeight);

    private string Role(ReplicaEpoch epoch) =>
        epoch.Config is { } config ? $"is validator {config.Self} ({_epoch.Validators[config.Self].Name})" : "has no vote and follows the chain";
}
