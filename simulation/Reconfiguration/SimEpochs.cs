using ChainNode.Consensus.Hosting;
using ChainNode.Consensus.Pbft;

namespace ChainNode.Simulation.Reconfiguration;

/// <summary>
/// How a simulated node runs one validator set: its key (if it is a member), the set's keys to
/// check signatures against, the epoch's block rules and, for a member, its replica's
/// configuration. Shared by the seeded simulator and the scripted consensus traces.
/// </summary>
public static class SimEpochs
{
    /// <param name="template">Protocol parameters (window, checkpoint interval, timeouts); the set fills in its size, start and this node's index.</param>
    public static ReplicaEpoch For(int node, SimValidatorSet set, EpochRegistry registry, SimSignatureCounts counts, ConsensusConfig template, int retryTicks)
    {
        var index = set.IndexOf(node);
        var authenticator = new SimAuthenticator(index >= 0 ? set.Members[index].Key : -1, set.Keys, counts);
        var config = index < 0 ? null : template with
        {
            ValidatorCount = set.Count,
            Self = index,
            GenesisHash = SimBlocks.GenesisHash,
            EpochStart = set.StartHeight,
            EpochBaseHash = set.StartHeight > 1 ? set.BaseHash : null,
        };
        return new ReplicaEpoch(set.StartHeight, SimBlocks.GenesisHash, set.Count, authenticator,
            new SimEpochBlockValidator(registry, set.StartHeight), config)
        {
            RetryTicks = retryTicks,
        };
    }
}
