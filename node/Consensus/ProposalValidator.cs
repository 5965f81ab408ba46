using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Consensus;

/// <summary>
/// Decides whether a pre-prepared block may extend its parent: header rules, a height in this
/// replica's validator epoch, the right proposer, a timestamp not from the future, the epoch's
/// block limits, valid and applicable txs, and a state root equal to what re-executing it gives here.
/// </summary>
public sealed class ProposalValidator(string chainId, ValidatorEpoch epoch, ChainExecution execution, TimeProvider clock) : IBlockValidator
{
    /// <summary>How far ahead of this node's clock a proposer's timestamp may be.</summary>
    public static readonly TimeSpan MaxClockDrift = TimeSpan.FromSeconds(10);

    public bool IsValid(DecodedBlock block, Hash32 parentHash, out string? reason)
    {
        reason = FindProblem(block, parentHash);
        return reason is null;
    }

    private string? FindProblem(DecodedBlock block, Hash32 parentHash)
    {
        if (execution.Cache.Find(block.Hash) is not null)
            return null; // checked already (our own proposal, or seen in an earlier view)
        if (execution.StateAfter(parentHash) is not { } parent)
            return $"the state after parent {parentHash} is not known here";
        if (BlockHeaderRules.FindProblem(block, parent.Block, chainId) is { } headerProblem)
            return headerProblem;
        if (EpochBlockRule.FindProblem(parent.State, block.Height, epoch) is { } otherEpoch)
            return otherEpoch;
        var primary = epoch.Validators[epoch.Validators.PrimaryIndexOf(block.Header.View)];
        if (!block.Header.Proposer.Span.SequenceEqual(primary.Address.Span))
            return $"proposer {Convert.ToHexStringLower(block.Header.Proposer.Span)} is not view {block.Header.View}'s primary {primary.Name}";
        var latest = clock.GetUtcNow().Add(MaxClockDrift).ToUnixTimeMilliseconds();
        if (block.Header.TimestampMs > latest)
            return $"timestamp {block.Header.TimestampMs} ms is more than {MaxClockDrift.TotalSeconds} s ahead of this node's clock";
        var parameters = epoch.Parameters;
        if (ProposalLimits.FindProblem(block.Block, parameters.MaxTxsPerBlock, parameters.MaxBlockBytes) is { } tooLarge)
            return tooLarge;
        try
        {
            execution.Execute(block, out var stateRootProblem);
            return stateRootProblem;
        }
        catch (BlockExecutionException e)
        {
            return e.Message;
        }
    }
}
