using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

/// <summary>A height known committed by a quorum, with the signed CHECKPOINTs proving it (none for genesis).</summary>
internal sealed record StableCheckpoint(ulong Height, Hash32 Hash, IReadOnlyList<SignedMessage> Proof);
