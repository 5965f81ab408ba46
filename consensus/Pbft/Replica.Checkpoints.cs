using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

// Checkpoints and watermarks (PBFT §4.3): after committing a multiple of K, a replica signs
// CHECKPOINT. A quorum of matching ones makes it stable: everything at or below it is dropped,
// and the window of accepted heights moves up to (stable, stable + LogSize].
public sealed partial class Replica
{
    private readonly SortedDictionary<ulong, CheckpointTally> _checkpointVotes = [];
    private readonly ulong[] _checkpointClaims;
    private StableCheckpoint _stable;

    // One bound for both what this replica votes on and what its VIEW-CHANGE can report (others
    // accept certificates up to the reported checkpoint + LogSize): PBFT is safe only if every
    // block a replica prepared appears in its VIEW-CHANGE. A replica whose committed height ran
    // past it (caught up by fetch, or restarted without a checkpoint) votes again once it adopts
    // a newer stable checkpoint, from CHECKPOINTs or from the view changes it receives.
    private ulong HighWatermark => _stable.Height + _config.LogSize;

    /// <summary>True for heights this replica still works on: above what it committed, within the window.</summary>
    private bool InWindow(ulong height) => height > CommittedHeight && height <= HighWatermark;

    /// <summary>True for heights whose prepared certificates this replica's VIEW-CHANGE reports: the whole window.</summary>
    private bool Reportable(ulong height) => height > _stable.Height && height <= HighWatermark;

    private void OnDelivered(HeightSlot slot)
    {
        if (slot.Height % _config.CheckpointInterval != 0)
            return;
        var checkpoint = Sign(MessageKind.Checkpoint, new Checkpoint { Height = slot.Height, BlockHash = slot.CommittedHash!.Value.ToByteString() });
        Broadcast(checkpoint);
        RecordCheckpoint(_config.Self, slot.Height, slot.CommittedHash.Value, checkpoint);
    }

    private StepOutcome OnCheckpoint(SignedMessage message)
    {
        if (!_verifier.TryParse(message, MessageKind.Checkpoint, Checkpoint.Parser, out var checkpoint, out var error))
            return StepOutcome.Rejected(error!);
        if (checkpoint.BlockHash.Length != Hash32.Length)
            return StepOutcome.Rejected("checkpoint block hash is not 32 bytes");
        if (checkpoint.Height % _config.CheckpointInterval != 0 || checkpoint.Height <= _config.BaseHeight)
            return StepOutcome.Rejected($"height {checkpoint.Height} is not a checkpoint height");
        if (checkpoint.Height <= _stable.Height)
            return StepOutcome.Ignored("checkpoint at or below the stable checkpoint");
        if (!_verifier.Authentic(message, checkpoint, out error))
            return StepOutcome.Rejected(error!);
        _checkpointClaims[message.Sender] = Math.Max(_checkpointClaims[message.Sender], checkpoint.Height);
        if (checkpoint.Height > Math.Max(CommittedHeight, _stable.Height) + _config.LogSize)
        {
            CatchUpIfFarBehind();
            return StepOutcome.Ignored("checkpoint far ahead of this replica");
        }
        RecordCheckpoint((int)message.Sender, checkpoint.Height, new Hash32(checkpoint.BlockHash.Span), message);
        return StepOutcome.Accepted;
    }

    private void RecordCheckpoint(int sender, ulong height, Hash32 hash, SignedMessage message)
    {
        if (!_checkpointVotes.TryGetValue(height, out var tally))
            _checkpointVotes[height] = tally = new CheckpointTally(_config.ValidatorCount);
        if (tally.Votes[sender] is not null)
            return;
        tally.Votes[sender] = (hash, message);
        var votes = tally.VotesFor(hash);
        if (votes.Count >= _config.QuorumSize)
            AdoptCheckpoint(height, hash, votes);
    }

    // f+1 validators claim checkpoints beyond our window, so at least one honest one got there.
    private void CatchUpIfFarBehind()
    {
        var claims = _checkpointClaims.OrderDescending().ToList();
        var supported = claims[_config.MaxFaulty];
        if (supported > HighWatermark)
            RequestCatchUp(supported);
    }

    /// <summary>Moves the stable checkpoint up to a proven one, garbage-collecting everything below.</summary>
    private void AdoptCheckpoint(ulong height, Hash32 hash, IEnumerable<SignedMessage> proof)
    {
        if (height <= _stable.Height)
            return;
        var proofList = proof.ToList();
        _stable = new StableCheckpoint(height, hash, proofList);
        foreach (var old in _slots.Keys.Where(h => h <= height).ToList())
            _slots.Remove(old);
        foreach (var old in _checkpointVotes.Keys.Where(h => h <= height).ToList())
            _checkpointVotes.Remove(old);
        var record = new StableCheckpointRecord { Height = height, BlockHash = hash.ToByteString() };
        record.Proof.AddRange(proofList);
        Persist.StableCheckpoint = record;
        Persist.PruneAtOrBelow = height;
        if (CommittedHeight < height)
            RequestCatchUp(height);
    }
}
