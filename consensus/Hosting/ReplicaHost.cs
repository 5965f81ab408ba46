using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Hosting;

/// <summary>
/// The one loop around the PBFT replica, used by the node, the simulator and the scripted traces:
/// it feeds the replica inputs, carries out each Ready in the order the replica demands
/// (persist through <see cref="ConsensusStateStore"/>, send, commit), and switches validator
/// epochs. An epoch is a run of heights with one validator set: a change executed at h opens
/// a new epoch at a height the chain fixes (see EpochRules), and after committing the last
/// block of an epoch the host discards the replica and starts a fresh one for the next set from
/// that block, as PBFT starts from genesis. In an epoch whose set does not include this node
/// it follows: it commits fetched blocks whose certificates the epoch's set signed.
/// Single-threaded, like the replica; it does no I/O itself.
/// </summary>
public sealed class ReplicaHost
{
    private const ulong BlocksPerProbe = 64;
    private readonly IReplicaShell _shell;
    private readonly ConsensusStateStore _store;
    private readonly FutureEpochMessages _future;
    private long _ticksSinceCommit;
    private ulong _viewAtCommit;

    public ReplicaHost(IReplicaShell shell, ConsensusStateStore store, ulong committedHeight, Hash32 committedHash, int futureMessagesHeld = 4096)
    {
        _shell = shell;
        _store = store;
        _future = new FutureEpochMessages(futureMessagesHeld);
        CommittedHeight = committedHeight;
        CommittedHash = committedHash;
        Epoch = shell.EpochAfter(committedHeight, committedHash);
        Replica = Build(Epoch, store.Load(Epoch.StartHeight));
        shell.EpochStarted(Epoch);
    }

    public ReplicaEpoch Epoch { get; private set; }

    /// <summary>This node's replica in the current epoch; null while it has no vote.</summary>
    public Replica? Replica { get; private set; }

    public ulong CommittedHeight { get; private set; }

    public Hash32 CommittedHash { get; private set; }

    public ulong View => Replica?.View ?? 0;

    public bool ViewActive => Replica?.ViewActive ?? true;

    public bool IsPrimary => Replica?.IsPrimary ?? false;

    /// <summary>Messages held for an epoch this node has not reached yet.</summary>
    public int HeldMessages => _future.Count;

    /// <summary>Routes a message by its epoch: the current one's to the replica, a later one's held, an earlier one's dropped.</summary>
    public StepOutcome Step(SignedMessage message)
    {
        if (message.Epoch == 0)
            return StepOutcome.Rejected("the message names no validator epoch (epochs start at height 1)");
        if (message.Epoch > Epoch.StartHeight)
        {
            _future.Hold(message);
            return StepOutcome.Ignored($"held for the epoch starting at height {message.Epoch}");
        }
        if (message.Epoch < Epoch.StartHeight)
            return StepOutcome.Ignored($"from the epoch that started at height {message.Epoch}, which has ended");
        if (Replica is not { } replica)
            return StepOutcome.Ignored("this node has no vote in the current epoch");
        var outcome = replica.Step(message);
        Drain();
        return outcome;
    }

    /// <inheritdoc cref="Replica.Tick"/>
    public void Tick(long? oldestRequestAgeTicks = 0)
    {
        _ticksSinceCommit++;
        if (Replica is { } replica)
        {
            replica.Tick(oldestRequestAgeTicks);
            Drain();
        }
        // Following, or left behind in an epoch the others have finished (their messages for the
        // next one arrive, ours get no answers): only fetched blocks move this node on. So also
        // when the view changed without a commit since: the epoch's last block may have committed
        // at validators who switched and no longer answer, while the next set (us too) is silent.
        if ((Replica is null || _future.Count > 0 || View > _viewAtCommit) && _ticksSinceCommit >= Epoch.RetryTicks)
        {
            _ticksSinceCommit = 0;
            _shell.WantBlocks(new CatchUpRequest(CommittedHeight + 1, CommittedHeight + BlocksPerProbe));
        }
    }

    public StepOutcome Propose(Block block)
    {
        if (Replica is not { } replica)
            return StepOutcome.Ignored("this node has no vote in the current epoch");
        var outcome = replica.Propose(block);
        Drain();
        return outcome;
    }

    public void ProposeEarly()
    {
        if (Replica is not { } replica)
            return;
        replica.ProposeEarly();
        Drain();
    }

    /// <summary>A fetched block for the next height, committed if the current epoch's set certified it.</summary>
    public StepOutcome DeliverCertifiedBlock(Block block, CommitCertificate certificate)
    {
        if (Replica is { } replica)
        {
            var outcome = replica.DeliverCertifiedBlock(block, certificate);
            Drain();
            return outcome;
        }
        if (CertifiedBlockCheck.FindProblem(block, certificate, CommittedHeight, CommittedHash, Epoch.GenesisHash, Epoch.ValidatorCount,
                Epoch.Authenticator, out var decoded) is { } problem)
            return problem;
        Committed(new CommittedBlock(decoded!, certificate));
        SwitchIfEpochEnded();
        return StepOutcome.Accepted;
    }

    private void Drain()
    {
        while (Replica is { HasReady: true } replica)
        {
            var ready = replica.TakeReady();
            try
            {
                if (ready.Persist is { } changes)
                {
                    _store.Apply(changes);
                    _shell.Persisted(changes);
                }
                foreach (var outbound in ready.Messages)
                    _shell.Send(outbound);
                foreach (var block in ready.Committed)
                    Committed(block);
            }
            finally
            {
                replica.Advance();
            }
            if (ready.CatchUp is { } catchUp)
                _shell.WantBlocks(catchUp);
            if (ready.Committed.Count > 0 && SwitchIfEpochEnded())
                continue; // the old replica's proposal request died with its epoch
            if (ready.Proposal is { } request)
                _shell.WantProposal(request);
        }
    }

    private void Committed(CommittedBlock block)
    {
        _shell.Commit(block);
        CommittedHeight = block.Height;
        CommittedHash = block.Hash;
        _ticksSinceCommit = 0;
        _viewAtCommit = View;
    }

    private bool SwitchIfEpochEnded()
    {
        var next = _shell.EpochAfter(CommittedHeight, CommittedHash);
        if (next.StartHeight == Epoch.StartHeight)
            return false;
        if (next.StartHeight != CommittedHeight + 1)
            throw new InvalidOperationException($"The epoch after height {CommittedHeight} starts at {next.StartHeight}; epochs must follow one another.");
        Epoch = next;
        _store.BeginEpoch(next.StartHeight);
        Replica = Build(next, null);
        _viewAtCommit = 0;
        _shell.EpochStarted(next);
        if (Replica is not null)
        {
            foreach (var held in _future.Release(next.StartHeight))
                Replica.Step(held);
            Drain();
        }
        else
        {
            _future.Release(next.StartHeight);
        }
        return true;
    }

    private Replica? Build(ReplicaEpoch epoch, ReplicaState? restored) =>
        epoch.Config is { } config
            ? new Replica(config, epoch.Authenticator, epoch.Validator, CommittedHeight, CommittedHash, restored)
            : null;
}
