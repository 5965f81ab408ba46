using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Hosting;

/// <summary>
/// One validator epoch as a host runs it: the set's size and keys (to check certificates), and,
/// when this node is in the set, the replica's configuration. A node outside the set follows
/// the chain by fetching certified blocks and votes nothing.
/// </summary>
public sealed record ReplicaEpoch(
    ulong StartHeight,
    Hash32 GenesisHash,
    int ValidatorCount,
    IMessageAuthenticator Authenticator,
    IBlockValidator Validator,
    ConsensusConfig? Config)
{
    public bool Votes => Config is not null;

    /// <summary>Ticks a stalled follower waits before asking for blocks again.</summary>
    public int RetryTicks { get; init; } = 40;
}
