using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// One PBFT replica as a pure, single-threaded state machine, shaped like etcd's RawNode:
/// feed it messages with <see cref="Step"/>, time with <see cref="Tick"/> and blocks with
/// <see cref="Propose"/>; collect what it wants done with <see cref="TakeReady"/> and
/// acknowledge with <see cref="Advance"/>. It does no I/O, reads no clock and uses no randomness;
/// its only outputs are the <see cref="Ready"/> records.
///
/// The protocol is split by concern: NormalCase (pre-prepare, prepare, commit, delivery),
/// ViewChange, Checkpoints and CatchUp are partial files of this class.
/// </summary>
public sealed partial class Replica
{
    private readonly ConsensusConfig _config;
    private readonly IMessageAuthenticator _authenticator;
    private readonly IBlockValidator _validator;
    private readonly MessageVerifier _verifier;
    private readonly SortedDictionary<ulong, HeightSlot> _slots = [];
    private Ready _ready = new();
    private long _ticks;
    private bool _readyTaken;

    public Replica(ConsensusConfig config, IMessageAuthenticator authenticator, IBlockValidator validator,
        ulong committedHeight, Hash32 committedHash, ReplicaState? restored = null)
    {
        config.Validate();
        _config = config;
        _authenticator = authenticator;
        _validator = validator;
        _verifier = new MessageVerifier(config, authenticator);
        CommittedHeight = committedHeight;
        CommittedHash = committedHash;
        // Only the epoch's base block (genesis for the first epoch) needs no proof. A replica restarted without a persisted checkpoint reports
        // genesis in view changes, so it votes only once it learns a stable checkpoint (see HighWatermark).
        _stable = new StableCheckpoint(config.BaseHeight, config.BaseHash, []);
        _checkpointClaims = new ulong[config.ValidatorCount];
        _viewChanges = new ViewChangeLog(config.ValidatorCount);
        _heldViewChanges = new (ulong, SignedMessage)?[config.ValidatorCount];
        _fullyCheckedViews = Enumerable.Range(0, config.ValidatorCount).Select(_ => new SortedSet<ulong>()).ToArray();
        _lastHelpedAt = Enumerable.Repeat(long.MinValue / 2, config.ValidatorCount).ToArray();
        _nextProposalHeight = committedHeight + 1;
        _nextProposalParent = committedHash;
        ViewActive = true;
        if (restored is not null)
            Restore(restored);
    }

    public int Self => _config.Self;

    public ulong View { get; private set; }

    /// <summary>False between voting for a new view and accepting its NEW-VIEW.</summary>
    public bool ViewActive { get; private set; }

    public ulong CommittedHeight { get; private set; }

    public Hash32 CommittedHash { get; private set; }

    public ulong StableCheckpointHeight => _stable.Height;

    public bool IsPrimary => _config.PrimaryOf(View) == _config.Self;

    /// <summary>Heights currently held in memory; bounded by the watermark window.</summary>
    public int SlotCount => _slots.Count;

    public bool HasReady => !_ready.IsEmpty && !_readyTaken;

    /// <summary>Processes one message received from the network.</summary>
    public StepOutcome Step(SignedMessage message)
    {
        ThrowIfReadyOutstanding();
        if (message.Sender >= _config.ValidatorCount)
            return StepOutcome.Rejected($"sender {message.Sender} is not a validator");
        if (message.Sender == _config.Self)
            return StepOutcome.Ignored("message from self");
        return message.Kind switch
        {
            MessageKind.PrePrepare => OnPrePrepare(message),
            MessageKind.Prepare => OnPrepare(message),
            MessageKind.Commit => OnCommit(message),
            MessageKind.Checkpoint => OnCheckpoint(message),
            MessageKind.ViewChange => OnViewChange(message),
            MessageKind.NewView => OnNewView(message),
            _ => StepOutcome.Rejected($"unknown message kind {message.Kind}"),
        };
    }

    /// <summary>
    /// Advances time by one tick: view-change and request timeouts and the primary's block
    /// interval. <paramref name="oldestRequestAgeTicks"/> is how long the oldest request (tx) the
    /// shell holds has waited to be committed (see Replica.RequestTimer), or null if it holds
    /// none. A shell that does not track requests leaves it at 0: then progress is always due.
    /// </summary>
    public void Tick(long? oldestRequestAgeTicks = 0)
    {
        ThrowIfReadyOutstanding();
        _ticks++;
        _ticksSinceProposal++;
        // PBFT suspects a primary only while it owes something: a held request, a height in
        // flight or a view change. An idle network (a primary making no empty blocks) is not slow.
        _ticksSinceProgress = oldestRequestAgeTicks is null && ViewActive && !HeightInFlight() ? 0 : _ticksSinceProgress + 1;
        if (_ticksSinceProgress >= CurrentTimeoutTicks)
            OnTimeout();
        else if (oldestRequestAgeTicks is { } age)
            CheckRequestTimer(age);
        CheckHeldViewChanges();
        MaybeRequestProposal();
        MaybeRepeatCatchUp();
    }

    /// <summary>Returns the pending work; call <see cref="Advance"/> once it is done.</summary>
    public Ready TakeReady()
    {
        ThrowIfReadyOutstanding();
        _readyTaken = true;
        return _ready;
    }

    /// <summary>Acknowledges that the last <see cref="Ready"/> was persisted, sent and applied.</summary>
    public void Advance()
    {
        if (!_readyTaken)
            throw new InvalidOperationException("Advance without a taken Ready.");
        _ready = new Ready();
        _readyTaken = false;
    }

    // The shell must finish a Ready before feeding more input: persisted state must precede
    // every message that depends on it.
    private void ThrowIfReadyOutstanding()
    {
        if (_readyTaken)
            throw new InvalidOperationException("The last Ready has not been advanced.");
    }

    private HeightSlot Slot(ulong height)
    {
        if (!_slots.TryGetValue(height, out var slot))
            _slots[height] = slot = new HeightSlot(height, _config.ValidatorCount);
        return slot;
    }

    private HeightSlot? FindSlot(ulong height) => _slots.GetValueOrDefault(height);

    private bool HeightInFlight() => _slots.Count > 0 && _slots.Keys.Max() > CommittedHeight;

    private PersistentChanges Persist =>
        _ready.Persist ??= new PersistentChanges { Epoch = _config.EpochStart, View = View, ViewActive = ViewActive };

    private void MarkViewStateChanged() =>
        _ready.Persist = new PersistentChanges { Epoch = _config.EpochStart, View = View, ViewActive = ViewActive }.CopyFrom(_ready.Persist);

    private SignedMessage Sign(MessageKind kind, IMessage payload) => MessageDigest.Sign(_config.GenesisHash, _config.EpochStart, kind, _config.Self, payload, _authenticator);

    private void Broadcast(SignedMessage message) => _ready.Messages.Add(new OutboundMessage(null, message));

    private void SendTo(int validator, SignedMessage message) => _ready.Messages.Add(new OutboundMessage(validator, message));

    private void Restore(ReplicaState state)
    {
        if (state.Epoch != _config.EpochStart)
            return; // another validator set's votes bind nothing here
        View = state.View;
        ViewActive = state.ViewActive;
        if (state.StableCheckpoint is { } stable && stable.Height > _config.BaseHeight && stable.BlockHash.Length == Hash32.Length
            && _verifier.CheckCheckpointProof(stable.Height, new Hash32(stable.BlockHash.Span), stable.Proof, out _))
            _stable = new StableCheckpoint(stable.Height, new Hash32(stable.BlockHash.Span), stable.Proof.ToList());
        // Our recent VIEW-CHANGEs, so after a restart we can still repeat them to replicas that
        // are gathering a quorum for a view we have left.
        foreach (var own in state.OwnViewChanges)
        {
            if (_verifier.CheckViewChange(own, out _) is { } verified && verified.Sender == _config.Self)
                _viewChanges.Add(verified, replace: true);
        }
        foreach (var vote in state.Votes)
        {
            if (vote.Height > CommittedHeight && vote.BlockHash.Length == Hash32.Length)
                Slot(vote.Height).MyVotes[vote.View] = new Hash32(vote.BlockHash.Span);
        }
        foreach (var certificate in state.Prepared)
        {
            if (certificate.Height > _stable.Height && _verifier.CheckPrepared(certificate, out _) is { } block)
            {
                var slot = Slot(certificate.Height);
                slot.Prepared = certificate;
                slot.Remember(block);
            }
        }
        // A restarted primary has lost the blocks it proposed in this view (only their hashes were
        // persisted), so it proposes nothing more in it; the others' timeout moves them on.
        _proposingAllowed = !(IsPrimary && state.Votes.Any(v => v.View == View && v.Kind == MessageKind.PrePrepare));
    }
}
