using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;

namespace ChainNode.Ledger.Governance;

/// <summary>
/// The sane range of every consensus parameter: genesis and governance check the same rules,
/// and governance adds the view-change size budget for the set the values will run with, so no
/// change can set a value the node then refuses to start with.
/// </summary>
public static class ParameterBounds
{
    public const uint MaxTxsPerBlock = 100_000;
    public const uint MinBlockBytes = 1024;
    public const uint MaxBlockBytes = 64 * 1024 * 1024;
    public const uint MaxTargetBlockIntervalMs = 60_000;
    public const uint MinViewChangeTimeoutMs = 50;
    public const uint MaxViewChangeTimeoutMs = 3_600_000;
    public const uint MaxCheckpointInterval = 1_000_000;
    /// <summary>Far above any sane price; keeps a block's fees well inside 64 bits.</summary>
    public const ulong MaxGasPrice = 1_000_000_000_000;

    /// <summary>Each value outside its range, as (genesis field name, rule).</summary>
    public static List<(string Field, string Rule)> RangeProblems(ConsensusParameters p)
    {
        var problems = new List<(string, string)>();
        void Require(bool ok, string field, string rule)
        {
            if (!ok)
                problems.Add((field, rule));
        }
        Require(p.MaxTxsPerBlock is >= 1 and <= MaxTxsPerBlock, "maxTxsPerBlock", $"must be 1..{MaxTxsPerBlock}");
        Require(p.MaxBlockBytes is >= MinBlockBytes and <= MaxBlockBytes, "maxBlockBytes", "must be 1 KiB..64 MiB");
        Require(p.TargetBlockIntervalMs is >= 1 and <= MaxTargetBlockIntervalMs, "targetBlockIntervalMs", $"must be 1..{MaxTargetBlockIntervalMs}");
        Require(p.ViewChangeTimeoutMs >= MinViewChangeTimeoutMs, "viewChangeTimeoutMs", $"must be at least {MinViewChangeTimeoutMs}");
        Require(p.ViewChangeTimeoutMs <= MaxViewChangeTimeoutMs, "viewChangeTimeoutMs", $"must be at most {MaxViewChangeTimeoutMs} (an hour)");
        Require(p.ViewChangeTimeoutMs > p.TargetBlockIntervalMs, "viewChangeTimeoutMs",
            "must exceed targetBlockIntervalMs, or every block interval looks like a failed primary");
        Require(p.CheckpointInterval >= 1, "checkpointInterval", "must be at least 1");
        Require(p.CheckpointInterval <= MaxCheckpointInterval, "checkpointInterval", $"must be at most {MaxCheckpointInterval}");
        Require(p.GasPrice <= MaxGasPrice, "gasPrice", $"must be at most {MaxGasPrice}");
        return problems;
    }

    /// <summary>The first reason <paramref name="p"/> may not run with <paramref name="validators"/> validators, or null.</summary>
    public static string? FindProblem(ConsensusParameters p, int validators) =>
        RangeProblems(p) is [var (field, rule), ..]
            ? $"{field}: {rule}"
            : ViewChangeSizeBudget.BlockSizeProblem(validators, p.MaxBlockBytes);
}
