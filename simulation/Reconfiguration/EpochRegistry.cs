using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;

namespace ChainNode.Simulation.Reconfiguration;

/// <summary>
/// Block hash → the epoch schedule as of that block, for every block anyone built. One per run;
/// every node reads it, which is sound because each entry follows from the chain alone (the
/// node would derive the same from its own executed blocks).
/// </summary>
public sealed class EpochRegistry(int validators)
{
    private readonly Dictionary<Hash32, EpochSchedule> _schedules = new() { [SimBlocks.GenesisHash] = EpochSchedule.Genesis(validators) };
    private readonly Dictionary<Hash32, string> _refused = [];

    /// <summary>The schedule after <paramref name="block"/>; null with the reason if its parent is unknown or its changes are not allowed.</summary>
    public EpochSchedule? Register(DecodedBlock block, out string? problem)
    {
        problem = null;
        if (_schedules.TryGetValue(block.Hash, out var known))
            return known;
        if (_refused.TryGetValue(block.Hash, out problem))
            return null;
        if (!_schedules.TryGetValue(new Hash32(block.Header.PreviousHash.Span), out var parent))
        {
            problem = $"block {block.Height}'s parent is unknown";
            return null;
        }
        if (parent.Next(block, out problem) is not { } schedule)
        {
            _refused[block.Hash] = problem!;
            return null;
        }
        _schedules[block.Hash] = schedule;
        return schedule;
    }

    /// <summary>The schedule as of a registered block (every built block is registered when built).</summary>
    public EpochSchedule ScheduleOf(Hash32 block) =>
        _schedules.TryGetValue(block, out var schedule) ? schedule : throw new InvalidOperationException($"block {block} was never registered");

    /// <summary>Why a block at <paramref name="height"/> on <paramref name="parent"/> is not for the epoch starting at <paramref name="epochStart"/>, or null.</summary>
    public string? EpochProblem(Hash32 parent, ulong height, ulong epochStart)
    {
        if (!_schedules.TryGetValue(parent, out var schedule))
            return $"block {height}'s parent is unknown";
        var start = schedule.At(height).StartHeight;
        return start == epochStart ? null : $"block {height} belongs to the epoch starting at {start}";
    }
}
