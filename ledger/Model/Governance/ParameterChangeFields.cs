using ChainNode.Ledger.Protos;

namespace ChainNode.Ledger.Governance;

/// <summary>
/// The names operators use for consensus parameters (as in genesis.json's "consensus" section
/// and "gasPrice"), mapped to the fields of a <see cref="ConsensusParametersChange"/>: one list
/// for the wallet's KEY=VALUE parsing, the API, and every description of a change.
/// </summary>
public static class ParameterChangeFields
{
    private sealed record Field(string Name, ulong Max, Func<ConsensusParametersChange, ulong?> Get, Action<ConsensusParametersChange, ulong> Set);

    private static readonly Field[] Fields =
    [
        new("maxTxsPerBlock", uint.MaxValue, c => c.HasMaxTxsPerBlock ? c.MaxTxsPerBlock : null, (c, v) => c.MaxTxsPerBlock = (uint)v),
        new("maxBlockBytes", uint.MaxValue, c => c.HasMaxBlockBytes ? c.MaxBlockBytes : null, (c, v) => c.MaxBlockBytes = (uint)v),
        new("targetBlockIntervalMs", uint.MaxValue, c => c.HasTargetBlockIntervalMs ? c.TargetBlockIntervalMs : null, (c, v) => c.TargetBlockIntervalMs = (uint)v),
        new("viewChangeTimeoutMs", uint.MaxValue, c => c.HasViewChangeTimeoutMs ? c.ViewChangeTimeoutMs : null, (c, v) => c.ViewChangeTimeoutMs = (uint)v),
        new("checkpointInterval", uint.MaxValue, c => c.HasCheckpointInterval ? c.CheckpointInterval : null, (c, v) => c.CheckpointInterval = (uint)v),
        new("gasPrice", ulong.MaxValue, c => c.HasGasPrice ? c.GasPrice : null, (c, v) => c.GasPrice = v),
    ];

    public static IReadOnlyList<string> Names { get; } = Fields.Select(f => f.Name).ToArray();

    /// <summary>Sets <paramref name="name"/> (exact spelling) to <paramref name="value"/>, or says why not. Bounds are the executor's to check.</summary>
    public static string? TrySet(ConsensusParametersChange change, string name, ulong value)
    {
        var field = Fields.FirstOrDefault(f => f.Name == name);
        if (field is null)
            return $"unknown parameter '{name}'; the parameters are {string.Join(", ", Names)}";
        if (value > field.Max)
            return $"{name} must be at most {field.Max}, got {value}";
        if (field.Get(change) is not null)
            return $"{name} is given twice";
        field.Set(change, value);
        return null;
    }

    /// <summary>The fields a change sets, in the order of <see cref="Names"/>.</summary>
    public static IReadOnlyList<(string Name, ulong Value)> SetFields(ConsensusParametersChange change) =>
        Fields.Where(f => f.Get(change) is not null).Select(f => (f.Name, f.Get(change)!.Value)).ToList();
}
