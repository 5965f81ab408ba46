using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Consensus.Pbft;

// Normal case: PRE-PREPARE from the primary, a quorum of PREPAREs makes a block prepared, and a
// quorum of COMMITs (whose signatures form the certificate) makes it committed. Blocks are
// delivered strictly in height order. A replica sends COMMIT for h only after it holds a commit
// quorum for h-1, which keeps committed blocks chained through view changes (see
// ViewChangeSelection).
public sealed partial class Replica
{
    private long _ticksSinceProposal;
    private ulong _nextProposalHeight;
    private Hash32 _nextProposalParent;
    private bool _proposalRequested;
    private bool _proposingAllowed = true;
    private bool _proposeEarly;

    /// <summary>
    /// Lets this primary ask for its next block now if it could but for the block interval. The
    /// interval only gathers txs into fuller blocks; a shell whose mempool is already full gains
    /// nothing by waiting. Applies to this call only: nothing carries over to later inputs.
    /// </summary>
    public void ProposeEarly()
    {
        ThrowIfReadyOutstanding();
        _proposeEarly = true;
        MaybeRequestProposal();
        _proposeEarly = false;
    }

    /// <summary>
    /// Proposes the block asked for by the last <see cref="ProposalRequest"/>. Its header must
    /// carry the requested height, parent and view. A request overtaken by a view change is
    /// stale: the block is ignored and the shell simply waits for the next request.
    /// </summary>
    public StepOutcome Propose(Block block)
    {
        ThrowIfReadyOutstanding();
        if (!_proposalRequested)
            return StepOutcome.Ignored("no proposal is wanted now (the request was overtaken by a view change)");
        var decoded = DecodedBlock.From(block);
        if (decoded.Height != _nextProposalHeight || decoded.Header.View != View
            || !decoded.Header.PreviousHash.Span.SequenceEqual(_nextProposalParent.Span))
            throw new ArgumentException($"The block does not match the request (height {_nextProposalHeight}, view {View}, parent {_nextProposalParent}).", nameof(block));
        _proposalRequested = false;
        _ticksSinceProposal = 0;
        var slot = Slot(decoded.Height);
        if (slot.MyVotes.TryGetValue(View, out var earlier) && earlier != decoded.Hash)
            throw new InvalidOperationException($"Already voted for another block at height {decoded.Height} in view {View}.");

        var prePrepare = Sign(MessageKind.PrePrepare, new PrePrepare { View = View, Height = decoded.Height, Block = block });
        RecordVote(slot, decoded.Hash, MessageKind.PrePrepare);
        Broadcast(prePrepare);
        AcceptBlock(slot, decoded);
        RetryPending(decoded.Height + 1);
        _nextProposalHeight = decoded.Height + 1;
        _nextProposalParent = decoded.Hash;
        return StepOutcome.Accepted;
    }

    private void MaybeRequestProposal()
    {
        if (!ViewActive || !IsPrimary || !_proposingAllowed || _proposalRequested)
            return;
        if (_ticksSinceProposal < _config.BlockIntervalTicks && !_proposeEarly)
            return;
        if (_nextProposalHeight > CommittedHeight + (ulong)_config.Window || !InWindow(_nextProposalHeight))
            return;
        _proposalRequested = true;
        _ready.Proposal = new ProposalRequest(_nextProposalHeight, View, _nextProposalParent);
    }

    private StepOutcome OnPrePrepare(SignedMessage message)
    {
        // Cheap checks first: the signature and the block's tx root are the costly part. The
        // block limits come before parsing, hashing or holding the block (a Byzantine
        // primary's pre-prepare may be as large as a peer message).
        if (message.Payload.Length > ProposalLimits.MaxPrePreparePayloadBytes(_config.MaxBlockBytes))
            return StepOutcome.Rejected($"a {message.Payload.Length}-byte pre-prepare exceeds the block limit of {_config.MaxBlockBytes} bytes");
        if (!_verifier.TryParse(message, MessageKind.PrePrepare, PrePrepare.Parser, out var prePrepare, out var error))
            return StepOutcome.Rejected(error!);
        if ((int)message.Sender != _config.PrimaryOf(prePrepare.View))
            return StepOutcome.Rejected($"validator {message.Sender} is not the primary of view {prePrepare.View}");
        if (prePrepare.Block is null)
            return StepOutcome.Rejected("pre-prepare without a block");
        if (ProposalLimits.FindProblem(prePrepare.Block, (ulong)_config.MaxTxsPerBlock, (ulong)_config.MaxBlockBytes) is { } tooLarge)
            return StepOutcome.Rejected(tooLarge);
        if (prePrepare.View < View)
            return StepOutcome.Ignored($"pre-prepare from old view {prePrepare.View}");
        if (!InWindow(prePrepare.Height))
            return StepOutcome.Ignored($"height {prePrepare.Height} outside the window ({CommittedHeight}, {HighWatermark}]");
        if (!_verifier.Authentic(message, prePrepare, out error))
            return StepOutcome.Rejected(error!);
        DecodedBlock block;
        try
        {
            block = DecodedBlock.From(prePrepare.Block);
        }
        catch (FormatException e)
        {
            return StepOutcome.Rejected(e.Message);
        }
        if (block.Height != prePrepare.Height)
            return StepOutcome.Rejected($"pre-prepare for height {prePrepare.Height} carries block {block.Height}");
        if (!block.BodyMatchesHeader())
            return StepOutcome.Rejected($"block {block.Height}'s transactions do not match its header's tx root");

        var slot = Slot(prePrepare.Height);
        if (prePrepare.View > View || !ViewActive)
        {
            // Arrived before the NEW-VIEW that starts its view: hold it for the next view only,
            // so a Byzantine "primary" of some far view cannot push out the real one.
            if (prePrepare.View > View + 1)
                return StepOutcome.Ignored($"pre-prepare for view {prePrepare.View}, too far ahead of view {View}");
            if (slot.Pending is null || slot.Pending.Value.PrePrepare.View < View || slot.Pending.Value.PrePrepare.View > prePrepare.View)
                slot.Pending = (message, prePrepare, block);
            return StepOutcome.Ignored("pre-prepare for a view not yet entered; held");
        }
        return ConsiderPrePrepare(slot, message, prePrepare, block);
    }

    private StepOutcome ConsiderPrePrepare(HeightSlot slot, SignedMessage message, PrePrepare prePrepare, DecodedBlock block)
    {
        if (slot.Height <= CommittedHeight || slot.CommittedHash is not null)
            return StepOutcome.Ignored($"height {slot.Height} is already committed");
        if (slot.Height <= _decidedByNewView)
            return StepOutcome.Rejected($"height {slot.Height} was settled by the NEW-VIEW of view {View}; a fresh block there is equivocation");
        if (slot.IsAcceptedIn(View))
        {
            return slot.Accepted!.Hash == block.Hash
                ? StepOutcome.Ignored("duplicate pre-prepare")
                : StepOutcome.Rejected($"primary equivocated: a second block for height {slot.Height} in view {View}");
        }
        if (slot.MyVotes.TryGetValue(View, out var voted) && voted != block.Hash)
            return StepOutcome.Rejected($"already voted for block {voted} at height {slot.Height} in view {View}");
        var parent = ParentOf(slot.Height);
        if (parent is null)
        {
            slot.Pending = (message, prePrepare, block);
            return StepOutcome.Ignored("parent not yet known; held");
        }
        if (!block.Header.PreviousHash.Span.SequenceEqual(parent.Value.Span))
            return StepOutcome.Rejected($"block {block.Height} does not extend {parent.Value}");
        if (!_validator.IsValid(block, parent.Value, out var reason))
            return StepOutcome.Rejected($"invalid block {block.Height}: {reason}");

        slot.Pending = null;
        RecordVote(slot, block.Hash, MessageKind.Prepare);
        AcceptBlock(slot, block);
        RetryPending(slot.Height + 1);
        return StepOutcome.Accepted;
    }

    /// <summary>The block a new block at <paramref name="height"/> must extend, if this replica knows it.</summary>
    private Hash32? ParentOf(ulong height)
    {
        var below = height - 1;
        if (below == CommittedHeight)
            return CommittedHash;
        if (below == _viewBase.Height && below > CommittedHeight)
            return _viewBase.Hash;
        if (FindSlot(below) is { } slot)
        {
            if (slot.CommittedHash is { } committed)
                return committed;
            if (slot.IsAcceptedIn(View))
                return slot.Accepted!.Hash;
        }
        return null;
    }

    // The block is this view's pre-prepare at its height: send PREPARE and see what follows.
    private void AcceptBlock(HeightSlot slot, DecodedBlock block)
    {
        slot.Accepted = block;
        slot.AcceptedView = View;
        slot.Remember(block);
        var prepare = Sign(MessageKind.Prepare, new Prepare { View = View, Height = slot.Height, BlockHash = block.Hash.ToByteString() });
        slot.Prepares[_config.Self] = (View, block.Hash, prepare);
        Broadcast(prepare);
        CheckPrepared(slot);
        CheckCommitted(slot);
    }

    private void RetryPending(ulong height)
    {
        if (FindSlot(height) is { Pending: { } pending } slot && pending.PrePrepare.View == View && ViewActive)
        {
            slot.Pending = null;
            ConsiderPrePrepare(slot, pending.Message, pending.PrePrepare, pending.Block);
        }
    }

    private void RecordVote(HeightSlot slot, Hash32 hash, MessageKind kind)
    {
        slot.MyVotes[View] = hash;
        Persist.Votes.Add(new Vote { Height = slot.Height, View = View, BlockHash = hash.ToByteString(), Kind = kind });
    }

    private StepOutcome OnPrepare(SignedMessage message)
    {
        // Stale, out-of-window and duplicate prepares are dropped before the signature check.
        if (!_verifier.TryParse(message, MessageKind.Prepare, Prepare.Parser, out var prepare, out var error))
            return StepOutcome.Rejected(error!);
        if (prepare.BlockHash.Length != Hash32.Length)
            return StepOutcome.Rejected("prepare block hash is not 32 bytes");
        if (prepare.View < View)
            return StepOutcome.Ignored($"prepare from old view {prepare.View}");
        if (!InWindow(prepare.Height))
            return StepOutcome.Ignored($"height {prepare.Height} outside the window");
        if (FindSlot(prepare.Height)?.Prepares[message.Sender] is { } existing && existing.View >= prepare.View)
            return StepOutcome.Ignored("already have this sender's prepare for this view");
        if (!_verifier.Authentic(message, prepare, out error))
            return StepOutcome.Rejected(error!);
        var slot = Slot(prepare.Height);
        slot.Prepares[message.Sender] = (prepare.View, new Hash32(prepare.BlockHash.Span), message);
        CheckPrepared(slot);
        return StepOutcome.Accepted;
    }

    private void CheckPrepared(HeightSlot slot)
    {
        if (!ViewActive || !slot.IsAcceptedIn(View) || slot.Prepared?.View == View)
            return;
        var hash = slot.Accepted!.Hash;
        var matching = slot.Prepares.Where(p => p is { } v && v.View == View && v.Hash == hash).Select(p => p!.Value.Message).ToList();
        if (matching.Count < _config.QuorumSize)
            return;
        var certificate = new PreparedCertificate { View = View, Height = slot.Height, Block = slot.Accepted.Block };
        certificate.Prepares.AddRange(matching);
        slot.Prepared = certificate;
        Persist.Prepared.Add(certificate);
        MaybeSendCommit(slot);
    }

    private void MaybeSendCommit(HeightSlot slot)
    {
        if (!ViewActive || slot.Prepared?.View != View || slot.CommitSentInView == View || slot.Height <= CommittedHeight)
            return;
        var parent = slot.Height - 1 == CommittedHeight ? CommittedHash : FindSlot(slot.Height - 1)?.CommittedHash;
        var preparedHeader = BlockHeader.Parser.ParseFrom(slot.Prepared.Block.Header);
        if (parent is null || !preparedHeader.PreviousHash.Span.SequenceEqual(parent.Value.Span))
            return;
        var hash = Hash32.Compute(slot.Prepared.Block.Header.Span);
        var commit = new Commit { View = View, Height = slot.Height, BlockHash = hash.ToByteString() };
        var signed = Sign(MessageKind.Commit, commit);
        slot.CommitSentInView = View;
        slot.AddCommit(_config.Self, View, hash, signed.Signature.ToByteArray());
        Broadcast(signed);
        CheckCommitted(slot);
    }

    private StepOutcome OnCommit(SignedMessage message)
    {
        // Committed, out-of-window and duplicate commits are dropped before the signature check.
        if (!_verifier.TryParse(message, MessageKind.Commit, Commit.Parser, out var commit, out var error))
            return StepOutcome.Rejected(error!);
        if (commit.Height <= CommittedHeight)
            return StepOutcome.Ignored($"height {commit.Height} already committed");
        if (commit.Height > HighWatermark)
            return StepOutcome.Ignored($"height {commit.Height} above the window");
        if (FindSlot(commit.Height) is { } known && !known.WouldKeepCommit((int)message.Sender, commit.View))
            return StepOutcome.Ignored("already have this sender's commit for this view");
        if (!_verifier.Authentic(message, commit, out error))
            return StepOutcome.Rejected(error!);
        var slot = Slot(commit.Height);
        // Commits are self-proving, so they count from any view.
        if (!slot.AddCommit((int)message.Sender, commit.View, new Hash32(commit.BlockHash.Span), message.Signature.ToByteArray()))
            return StepOutcome.Ignored("already have this sender's commit for this view");
        CheckCommitted(slot);
        return StepOutcome.Accepted;
    }

    private void CheckCommitted(HeightSlot slot)
    {
        if (slot.CommittedHash is not null)
            return;
        foreach (var candidate in slot.Commits.SelectMany(c => c))
        {
            var signers = new List<(int Sender, byte[] Signature)>();
            for (var j = 0; j < slot.Commits.Length; j++)
            {
                foreach (var c in slot.Commits[j])
                {
                    if (c.View == candidate.View && c.Hash == candidate.Hash)
                        signers.Add((j, c.Signature));
                }
            }
            if (signers.Count < _config.QuorumSize)
                continue;
            var certificate = new CommitCertificate { BlockHash = candidate.Hash.ToByteString(), View = candidate.View };
            foreach (var (j, signature) in signers)
                certificate.Signatures.Add(new ValidatorSignature { ValidatorIndex = (uint)j, Signature = ByteString.CopyFrom(signature) });
            MarkCommitted(slot, candidate.Hash, certificate);
            return;
        }
    }

    private void MarkCommitted(HeightSlot slot, Hash32 hash, CommitCertificate certificate)
    {
        slot.Pending = null;
        slot.CommittedHash = hash;
        slot.Certificate = certificate;
        if (slot.FindBlock(hash) is null)
            RequestCatchUp(slot.Height);
        DeliverInOrder();
        if (FindSlot(slot.Height + 1) is { } next)
            MaybeSendCommit(next);
    }

    private void DeliverInOrder()
    {
        while (FindSlot(CommittedHeight + 1) is { CommittedHash: { } hash } slot && slot.FindBlock(hash) is { } block)
        {
            if (!block.Header.PreviousHash.Span.SequenceEqual(CommittedHash.Span))
                throw new InvalidOperationException($"Certified block {slot.Height} does not extend committed block {CommittedHash}: more than f validators are faulty.");
            _ready.Committed.Add(new CommittedBlock(block, slot.Certificate!));
            CommittedHeight = slot.Height;
            CommittedHash = hash;
            _ticksSinceProgress = 0;
            _consecutiveFailedViews = 0;
            if (_nextProposalHeight <= CommittedHeight)
            {
                _nextProposalHeight = CommittedHeight + 1;
                _nextProposalParent = CommittedHash;
            }
            OnDelivered(slot);
            if (FindSlot(CommittedHeight + 1) is { } next)
            {
                MaybeSendCommit(next);
                RetryPending(next.Height);
            }
        }
        if (_catchUpTarget <= CommittedHeight)
            _catchUpTarget = 0;
    }
}
