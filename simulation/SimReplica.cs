using ChainNode.Consensus.Hosting;
using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Simulation.Byzantine;

namespace ChainNode.Simulation;

/// <summary>
/// A simulated validator: the node's <see cref="ReplicaHost"/> (absent while crashed), the
/// consensus records it persisted in the node's encoding, and the blocks it committed (its
/// "ledger"), which survive a crash like a disk would.
/// </summary>
public sealed class SimReplica
{
    public SimReplica(int index, ByzantineActor? byzantine)
    {
        Index = index;
        Byzantine = byzantine;
        Records = new SimRecordStore(() => CommittedHeight, height => height == 0 ? null : Ledger[(int)height - 1].Block);
    }

    /// <summary>The node's id (its validator index differs from epoch to epoch).</summary>
    public int Index { get; }

    public ByzantineActor? Byzantine { get; }

    public bool IsHonest => Byzantine is null;

    /// <summary>Signatures made and checked across all its epochs.</summary>
    public SimSignatureCounts Signatures { get; } = new();

    /// <summary>The validator set of the epoch its host is in (kept while crashed).</summary>
    public Reconfiguration.SimValidatorSet? Set { get; set; }

    public ReplicaHost? Host { get; private set; }

    /// <summary>The replica of the current epoch, if up and voting.</summary>
    public Replica? Core => Host?.Replica;

    public bool IsUp => Host is not null;

    public SimRecordStore Records { get; }

    public List<CommittedBlock> Ledger { get; } = [];

    public ulong CommittedHeight => (ulong)Ledger.Count;

    public Hash32 CommittedHash => Ledger.Count == 0 ? SimBlocks.GenesisHash : Ledger[^1].Hash;

    /// <summary>What this replica has persisted in its current epoch, read back as a restart would.</summary>
    public ReplicaState PersistedState =>
        new ConsensusStateStore(Records).Load(Host?.Epoch.StartHeight ?? 1) ?? new ReplicaState();

    public void Start(IReplicaShell shell) =>
        Host = new ReplicaHost(shell, new ConsensusStateStore(Records), CommittedHeight, CommittedHash);

    public void Crash() => Host = null;
}
