using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// Decides whether a proposed block may extend its parent (its txs, state root, timestamp,
/// proposer). Asked once per pre-prepare a replica considers; it must be deterministic.
/// </summary>
public interface IBlockValidator
{
    bool IsValid(DecodedBlock block, Hash32 parentHash, out string? reason);
}
