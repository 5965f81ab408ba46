using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;

namespace ChainNode.Simulation.Reconfiguration;

/// <summary>
/// What honest simulated validators of the epoch starting at <paramref name="epochStart"/>
/// accept: a valid simulated block, at a height the parent's schedule puts in this epoch (the
/// next epoch's first block is the next set's to agree on), whose set changes are allowed.
/// </summary>
public sealed class SimEpochBlockValidator(EpochRegistry registry, ulong epochStart) : IBlockValidator
{
    private static readonly SimBlocks.Validator Content = new();

    public bool IsValid(DecodedBlock block, Hash32 parentHash, out string? reason)
    {
        if (!Content.IsValid(block, parentHash, out reason))
            return false;
        reason = registry.EpochProblem(parentHash, block.Height, epochStart);
        if (reason is null)
            registry.Register(block, out reason);
        return reason is null;
    }
}
