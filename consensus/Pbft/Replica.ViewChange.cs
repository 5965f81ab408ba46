using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

// View change (PBFT §4.4): on timeout, or when f+1 others want a higher view, a replica stops
// working in its view and sends VIEW-CHANGE with its stable checkpoint and prepared
// certificates. The new primary gathers a quorum, picks what must be re-proposed
// (ViewChangeSelection) and sends NEW-VIEW; every replica re-derives that choice before
// following it.
public sealed partial class Replica
{
    private readonly ViewChangeLog _viewChanges;
    private SignedMessage? _acceptedNewView;
    private ulong _acceptedNewViewView;
    private readonly long[] _lastHelpedAt;
    private ulong? _newViewSentFor;
    private (ulong Height, Hash32 Hash) _viewBase;

    // Heights up to here were settled by this view's NEW-VIEW (its base and re-proposals); the
    // primary may not put a fresh block there.
    private ulong _decidedByNewView;
    private long _ticksSinceProgress;
    private int _consecutiveFailedViews;

    /// <summary>The view-change timeout, doubled for each consecutive view that failed to commit.</summary>
    public int CurrentTimeoutTicks => _config.ViewChangeTimeoutTicks << Math.Min(_consecutiveFailedViews, _config.MaxTimeoutDoublings);

    // Timed out. Move to the next view only if this one ran, or its view change gathered a
    // quorum, and still failed (PBFT starts the view-change timer only at a quorum). Without a
    // quorum, repeat the VIEW-CHANGE instead: a replica that kept moving on alone would stay
    // one view ahead of the rest forever. Laggards are pulled up by the f+1 rule and NEW-VIEW
    // resends, and the view changes kept per view let them count ours.
    private void OnTimeout()
    {
        if (ViewActive || _viewChanges.CountFor(View) >= _config.QuorumSize)
        {
            _consecutiveFailedViews++;
            StartViewChange(View + 1);
        }
        else
        {
            StartViewChange(View);
        }
    }

    private void StartViewChange(ulong newView)
    {
        View = newView;
        ViewActive = false;
        _ticksSinceProgress = 0;
        _proposalRequested = false;
        _ready.Proposal = null;
        MarkViewStateChanged();

        var viewChange = new ViewChange
        {
            NewView = newView,
            CheckpointHeight = _stable.Height,
            CheckpointHash = _stable.Hash.ToByteString(),
        };
        viewChange.CheckpointProof.AddRange(_stable.Proof);
        // Every certificate in the window: the range this replica votes in is the range others accept.
        foreach (var slot in _slots.Values)
        {
            if (Reportable(slot.Height) && slot.Prepared is not null)
                viewChange.Prepared.Add(slot.Prepared);
        }
        var signed = Sign(MessageKind.ViewChange, viewChange);
        Persist.OwnViewChange = signed;
        Broadcast(signed);
        _viewChanges.Add(_verifier.CheckViewChange(signed, out var error)
            ?? throw new InvalidOperationException($"Own view change does not verify: {error}"), replace: true);
        MaybeSendNewView();
    }

    private StepOutcome OnViewChange(SignedMessage message)
    {
        // Cheap checks first (Replica.ViewChangeScreen): the full check verifies every prepared
        // certificate inside, too costly to spend on stale, repeated or far-future view changes.
        if (ScreenViewChange(message) is { } screened)
            return screened;
        var verified = _verifier.CheckViewChange(message, out var error);
        if (verified is null)
            return StepOutcome.Rejected(error!);
        return TakeViewChange(verified);
    }

    private StepOutcome TakeViewChange(VerifiedViewChange verified)
    {
        var newView = verified.ViewChange.NewView;
        AdoptCheckpoint(verified.ViewChange.CheckpointHeight, verified.CheckpointHash, verified.ViewChange.CheckpointProof);
        HelpReplicaBehind(verified.Sender, newView);
        if (newView < View || newView == View && ViewActive)
            return StepOutcome.Ignored($"view change to view {newView}, this replica is in view {View}");
        if (!_viewChanges.Add(verified))
            return StepOutcome.Ignored("already have this sender's view change for that view");
        JoinHigherViewIfSupported();
        MaybeSendNewView();
        return StepOutcome.Accepted;
    }

    // f+1 replicas want a higher view, so at least one honest one timed out: join the
    // highest view that f+1 of them support rather than wait for our own timeout.
    private void JoinHigherViewIfSupported()
    {
        var higher = RequestedViewsAbove(View);
        if (higher.Count < _config.MaxFaulty + 1)
            return;
        StartViewChange(higher[_config.MaxFaulty]);
        CheckHeldViewChanges();
    }

    // A replica asking for a view we have entered missed that NEW-VIEW: send it the last one
    // we accepted. One asking for a view we have left may have lost our vote for it: repeat
    // that VIEW-CHANGE. At most once per timeout per replica, because the request may be a
    // replay, and two replicas answering each other's old votes would otherwise echo forever.
    private void HelpReplicaBehind(int validator, ulong requestedView)
    {
        if (_ticks - _lastHelpedAt[validator] < _config.ViewChangeTimeoutTicks)
            return;
        var helped = false;
        if (_acceptedNewView is not null && requestedView <= _acceptedNewViewView)
        {
            SendTo(validator, _acceptedNewView);
            helped = true;
        }
        if (requestedView < View && _viewChanges.Find(_config.Self, requestedView) is { } ours)
        {
            SendTo(validator, ours.Message);
            helped = true;
        }
        if (helped)
            _lastHelpedAt[validator] = _ticks;
    }

    private void MaybeSendNewView()
    {
        if (ViewActive || !IsPrimary || _newViewSentFor == View)
            return;
        var quorum = _viewChanges.For(View).Take(_config.QuorumSize).ToList();
        if (quorum.Count < _config.QuorumSize)
            return;
        var selection = ViewChangeSelection.Select(quorum);
        var newView = new NewView { View = View };
        newView.ViewChanges.AddRange(quorum.Select(v => v.Message));
        foreach (var (certificate, _) in selection.Reproposals)
            newView.PrePrepares.Add(Sign(MessageKind.PrePrepare, new PrePrepare { View = View, Height = certificate.Height, Block = certificate.Block }));
        var signed = Sign(MessageKind.NewView, newView);
        _newViewSentFor = View;
        Broadcast(signed);
        EnterView(signed, View, selection, quorum);
    }

    // Others are redoing a height this replica already committed (they missed its quorum):
    // vote PREPARE and COMMIT for the same block in the new view so they can finish it.
    private void RecommitDecided(ChainNode.Ledger.Blocks.DecodedBlock block)
    {
        var slot = Slot(block.Height);
        if (slot.MyVotes.TryGetValue(View, out var voted) && voted != block.Hash)
            return;
        RecordVote(slot, block.Hash, MessageKind.Prepare);
        var hash = block.Hash.ToByteString();
        Broadcast(Sign(MessageKind.Prepare, new Prepare { View = View, Height = block.Height, BlockHash = hash }));
        Broadcast(Sign(MessageKind.Commit, new Commit { View = View, Height = block.Height, BlockHash = hash }));
    }

    private StepOutcome OnNewView(SignedMessage message)
    {
        if (!_verifier.TryOpen(message, MessageKind.NewView, NewView.Parser, out var newView, out var error))
            return StepOutcome.Rejected(error!);
        if ((int)message.Sender != _config.PrimaryOf(newView.View))
            return StepOutcome.Rejected($"validator {message.Sender} is not the primary of view {newView.View}");
        if (newView.View < View || newView.View == View && ViewActive)
            return StepOutcome.Ignored($"new view {newView.View} is not ahead of view {View}");

        if (ScreenNewViewQuorum(newView) is { } screened)
            return screened;
        var viewChanges = new List<VerifiedViewChange>();
        foreach (var vcMessage in newView.ViewChanges)
        {
            var verified = _verifier.CheckViewChange(vcMessage, out error);
            if (verified is null)
                return StepOutcome.Rejected($"new view carries an invalid view change: {error}");
            viewChanges.Add(verified);
        }

        var selection = ViewChangeSelection.Select(viewChanges);
        if (newView.PrePrepares.Count != selection.Reproposals.Count)
            return StepOutcome.Rejected($"new view re-proposes {newView.PrePrepares.Count} blocks, the view changes require {selection.Reproposals.Count}");
        for (var i = 0; i < newView.PrePrepares.Count; i++)
        {
            var expected = selection.Reproposals[i];
            if (!_verifier.TryOpen(newView.PrePrepares[i], MessageKind.PrePrepare, PrePrepare.Parser, out var prePrepare, out error))
                return StepOutcome.Rejected($"new view re-proposal {i}: {error}");
            if (newView.PrePrepares[i].Sender != message.Sender || prePrepare.View != newView.View
                || prePrepare.Height != expected.Certificate.Height || prePrepare.Block is null || !prePrepare.Block.Equals(expected.Certificate.Block))
                return StepOutcome.Rejected($"new view re-proposal {i} differs from what the view changes require");
        }
        EnterView(message, newView.View, selection, viewChanges);
        return StepOutcome.Accepted;
    }

    // A quorum of VIEW-CHANGEs, each for this view, from distinct senders and signed by them,
    // before any is fully checked: a Byzantine primary of future views can sign a NEW-VIEW and
    // its own costly VIEW-CHANGE, but not the others', so a forged quorum costs a signature
    // check per VIEW-CHANGE, not the hundreds inside the first one.
    private StepOutcome? ScreenNewViewQuorum(NewView newView)
    {
        var senders = new bool[_config.ValidatorCount];
        foreach (var vcMessage in newView.ViewChanges)
        {
            if (!_verifier.TryParse(vcMessage, MessageKind.ViewChange, ViewChange.Parser, out var viewChange, out var error))
                return StepOutcome.Rejected($"new view carries an invalid view change: {error}");
            if (viewChange.NewView != newView.View)
                return StepOutcome.Rejected("new view carries a view change for another view");
            if (senders[vcMessage.Sender])
                return StepOutcome.Rejected("new view carries two view changes from one sender");
            if (!_verifier.Authentic(vcMessage, viewChange, out error))
                return StepOutcome.Rejected($"new view carries an invalid view change: {error}");
            senders[vcMessage.Sender] = true;
        }
        var count = senders.Count(s => s);
        return count < _config.QuorumSize
            ? StepOutcome.Rejected($"new view carries {count} view changes, a quorum is {_config.QuorumSize}")
            : null;
    }

    private void EnterView(SignedMessage newViewMessage, ulong view, ViewChangeSelection.Result selection, IReadOnlyList<VerifiedViewChange> viewChanges)
    {
        View = view;
        ViewActive = true;
        _acceptedNewView = newViewMessage;
        _acceptedNewViewView = view;
        _viewChanges.DropBelow(view);
        _ticksSinceProgress = 0;
        _proposalRequested = false;
        _proposingAllowed = true;
        _viewBase = (selection.BaseHeight, selection.BaseHash);
        MarkViewStateChanged();
        foreach (var vc in viewChanges)
            AdoptCheckpoint(vc.ViewChange.CheckpointHeight, vc.CheckpointHash, vc.ViewChange.CheckpointProof);

        _nextProposalHeight = selection.BaseHeight + 1;
        _nextProposalParent = selection.BaseHash;
        _decidedByNewView = selection.Reproposals.Count > 0 ? selection.Reproposals[^1].Block.Height : selection.BaseHeight;
        // Early pre-prepares held for these heights lose to the NEW-VIEW's choice.
        foreach (var slot in _slots.Values.Where(s => s.Height <= _decidedByNewView))
            slot.Pending = null;
        // If the re-proposed chain passes through our last committed block, everything below it
        // is our committed history (hash links), even if a restart erased our memory of it.
        var throughOurHead = selection.Reproposals.Any(r => r.Block.Height == CommittedHeight && r.Block.Hash == CommittedHash);
        foreach (var (certificate, block) in selection.Reproposals)
        {
            _nextProposalHeight = block.Height + 1;
            _nextProposalParent = block.Hash;
            if (block.Height <= CommittedHeight)
            {
                if (throughOurHead || FindSlot(block.Height)?.CommittedHash == block.Hash)
                    RecommitDecided(block);
                continue;
            }
            if (!InWindow(block.Height))
                continue;
            var slot = Slot(block.Height);
            if (slot.MyVotes.TryGetValue(View, out var voted) && voted != block.Hash)
                continue;
            RecordVote(slot, block.Hash, IsPrimary ? MessageKind.PrePrepare : MessageKind.Prepare);
            AcceptBlock(slot, block);
        }
        if (_nextProposalHeight <= CommittedHeight)
        {
            _nextProposalHeight = CommittedHeight + 1;
            _nextProposalParent = CommittedHash;
        }
        if (selection.BaseHeight > CommittedHeight)
            RequestCatchUp(selection.BaseHeight);
        foreach (var slot in _slots.Values.ToList())
            RetryPending(slot.Height);
    }
}
