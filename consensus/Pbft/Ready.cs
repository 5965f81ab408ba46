using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// Everything the replica wants done, in the order it must be done: persist
/// <see cref="Persist"/> durably, then send <see cref="Messages"/>, then apply
/// <see cref="Committed"/> in order. Hand it back with <see cref="Replica.Advance"/>.
/// </summary>
public sealed class Ready
{
    public PersistentChanges? Persist { get; internal set; }

    public List<OutboundMessage> Messages { get; } = [];

    public List<CommittedBlock> Committed { get; } = [];

    /// <summary>Set when this replica is primary and should build the block for this slot.</summary>
    public ProposalRequest? Proposal { get; internal set; }

    /// <summary>Set when the replica saw proof of commits it lacks: fetch blocks up to this height.</summary>
    public CatchUpRequest? CatchUp { get; internal set; }

    public bool IsEmpty => Persist is null && Messages.Count == 0 && Committed.Count == 0 && Proposal is null && CatchUp is null;
}

/// <summary>A message for one validator, or for all others when <see cref="To"/> is null.</summary>
public sealed record OutboundMessage(int? To, SignedMessage Message);

/// <summary>A block that is final, with the quorum certificate proving it.</summary>
public sealed record CommittedBlock(DecodedBlock Decoded, CommitCertificate Certificate)
{
    public ulong Height => Decoded.Height;

    public Hash32 Hash => Decoded.Hash;

    public Block Block => Decoded.Block;
}

public sealed record ProposalRequest(ulong Height, ulong View, Hash32 ParentHash);

public sealed record CatchUpRequest(ulong FromHeight, ulong ToHeight);

/// <summary>
/// Durable state changes: the current view, new votes and prepared certificates, and a height
/// at or below which old entries may be dropped. <see cref="ReplicaStateStore"/> folds these
/// into the <see cref="ReplicaState"/> a restarted replica is built from.
/// </summary>
public sealed class PersistentChanges
{
    public required ulong Epoch { get; init; }
    public required ulong View { get; init; }
    public required bool ViewActive { get; init; }
    public List<Vote> Votes { get; } = [];
    public List<PreparedCertificate> Prepared { get; } = [];
    public StableCheckpointRecord? StableCheckpoint { get; set; }
    public SignedMessage? OwnViewChange { get; set; }
    public ulong PruneAtOrBelow { get; set; }
}

internal static class PersistentChangesExtensions
{
    /// <summary>Carries over votes and certificates already queued in this Ready.</summary>
    public static PersistentChanges CopyFrom(this PersistentChanges target, PersistentChanges? source)
    {
        if (source is null)
            return target;
        target.Votes.AddRange(source.Votes);
        target.Prepared.AddRange(source.Prepared);
        target.StableCheckpoint = source.StableCheckpoint;
        target.OwnViewChange = source.OwnViewChange;
        target.PruneAtOrBelow = source.PruneAtOrBelow;
        return target;
    }
}
