using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Simulation.Byzantine;

namespace ChainNode.Simulation;

/// <summary>
/// A simulated validator: its replica (absent while crashed), the state it persisted, and the
/// blocks it committed (its "ledger"), which survive a crash like a disk would.
/// </summary>
public sealed class SimReplica(int index, ConsensusConfig config, ByzantineActor? byzantine)
{
    public int Index { get; } = index;

    public ByzantineActor? Byzantine { get; } = byzantine;

    public bool IsHonest => Byzantine is null;

    public Replica? Core { get; private set; }

    public bool IsUp => Core is not null;

    public ReplicaState PersistedState { get; } = new();

    public List<CommittedBlock> Ledger { get; } = [];

    public SimAuthenticator Authenticator { get; } = new(index, config.ValidatorCount);

    public ulong CommittedHeight => (ulong)Ledger.Count;

    public Hash32 CommittedHash => Ledger.Count == 0 ? SimBlocks.GenesisHash : Ledger[^1].Hash;

    public void Start() =>
        Core = new Replica(config, Authenticator, new SimBlocks.Validator(), CommittedHeight, CommittedHash, PersistedState.Clone());

    public void Crash() => Core = null;
}
