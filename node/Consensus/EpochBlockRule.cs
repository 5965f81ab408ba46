using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Governance;

namespace ChainNode.Node.Consensus;

/// <summary>
/// A block belongs to the epoch its parent's state puts its height in. A replica proposes and
/// accepts only blocks of its own epoch, so the last block the old set decides is the one
/// before the new epoch's start, wherever each replica is in its pipeline.
/// </summary>
public static class EpochBlockRule
{
    public static string? FindProblem(IStateView parentState, ulong height, ValidatorEpoch epoch)
    {
        var start = parentState.ReadEpochs().At(height).StartHeight; // the record alone: no keys parsed
        return start == epoch.StartHeight ? null
            : $"block {height} belongs to the validator epoch starting at height {start}, not to the one starting at {epoch.StartHeight}";
    }
}
