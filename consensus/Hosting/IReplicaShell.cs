using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Hosting;

/// <summary>
/// What a <see cref="ReplicaHost"/> needs from the node or the simulator around it. The host
/// calls these in the order the replica demands: persist (through its store), send, commit;
/// then it switches epochs if the committed chain says so, then passes on requests.
/// </summary>
public interface IReplicaShell
{
    /// <summary>
    /// The epoch in force at <paramref name="committedHeight"/> + 1 as the committed chain up to
    /// <paramref name="committedHeight"/> (whose block is <paramref name="committedHash"/>) defines it.
    /// </summary>
    ReplicaEpoch EpochAfter(ulong committedHeight, Hash32 committedHash);

    /// <summary>The replica's state changes are durable (for logs and metrics: a view change shows here first).</summary>
    void Persisted(PersistentChanges changes);

    void Send(OutboundMessage message);

    /// <summary>Executes and stores a final block; returns only once it is durable.</summary>
    void Commit(CommittedBlock block);

    /// <summary>This replica is primary and should build the block; answer with <see cref="ReplicaHost.Propose"/>.</summary>
    void WantProposal(ProposalRequest request);

    /// <summary>Fetch certified blocks and feed them to <see cref="ReplicaHost.DeliverCertifiedBlock"/>.</summary>
    void WantBlocks(CatchUpRequest request);

    /// <summary>A new epoch began at <see cref="ReplicaEpoch.StartHeight"/> (also called once at start).</summary>
    void EpochStarted(ReplicaEpoch epoch);
}
