using System.Collections.Immutable;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Governance;

namespace ChainNode.Simulation.Reconfiguration;

/// <summary>
/// The validator epochs as of one block: the one in force and any scheduled by its last blocks.
/// Derived from the parent's schedule and the block's own changes only, so every node reading
/// the same chain agrees. Changes executed in block h open an epoch at h + 2
/// (<see cref="EpochRules.ActivationDelay"/>); several in one block share it.
/// </summary>
public sealed class EpochSchedule
{
    private readonly ImmutableList<SimValidatorSet> _epochs;
    private readonly ImmutableHashSet<ushort> _applied;

    private EpochSchedule(ImmutableList<SimValidatorSet> epochs, ImmutableHashSet<ushort> applied)
    {
        _epochs = epochs;
        _applied = applied;
    }

    public static EpochSchedule Genesis(int validators) =>
        new([new SimValidatorSet(1, SimBlocks.GenesisHash, [.. Enumerable.Range(0, validators).Select(i => new SimMember(i, i))])], []);

    public SimValidatorSet Latest => _epochs[^1];

    public bool HasApplied(ushort command) => _applied.Contains(command);

    /// <summary>The set in force at <paramref name="height"/> (at most two blocks past this schedule's block).</summary>
    public SimValidatorSet At(ulong height) => _epochs.Last(e => e.StartHeight <= height);

    /// <summary>The schedule after <paramref name="block"/>, whose parent this schedule belongs to; null with the reason if its changes are not allowed.</summary>
    public EpochSchedule? Next(DecodedBlock block, out string? problem)
    {
        var commands = SimCommand.Read(block.Block, out problem);
        if (problem is not null)
            return null;
        var epochs = _epochs;
        // The epoch starting right after this block now has its base block.
        var pending = epochs.FindIndex(e => e.StartHeight == block.Height + 1 && e.BaseHash is null);
        if (pending >= 0)
            epochs = epochs.SetItem(pending, epochs[pending] with { BaseHash = block.Hash });
        // Only the epoch in force at the next height and those after it can still matter.
        while (epochs.Count > 1 && epochs[1].StartHeight <= block.Height + 1)
            epochs = epochs.RemoveAt(0);
        var fresh = commands.Where(c => !_applied.Contains(c.Id)).ToList();
        if (fresh.Count == 0)
            return ReferenceEquals(epochs, _epochs) ? this : new EpochSchedule(epochs, _applied);
        var members = epochs[^1].Members;
        foreach (var command in fresh)
        {
            if (Apply(members, command, out problem) is not { } changed)
            {
                problem = $"block {block.Height}: {problem}";
                return null;
            }
            members = changed;
        }
        var start = EpochRules.TakesEffectAt(block.Height);
        return new EpochSchedule(epochs.Add(new SimValidatorSet(start, null, members)), _applied.Union(fresh.Select(c => c.Id)));
    }

    /// <summary>Whether <paramref name="command"/> may follow this schedule's changes.</summary>
    public bool Allows(SimCommand command) => Apply(Latest.Members, command, out _) is not null;

    private static ImmutableArray<SimMember>? Apply(ImmutableArray<SimMember> members, SimCommand command, out string? problem)
    {
        problem = null;
        var index = -1;
        for (var i = 0; i < members.Length; i++)
        {
            if (members[i].Node == command.Node)
                index = i;
        }
        var isMember = index >= 0;
        switch (command.Kind)
        {
            case SimCommandKind.AddValidator when !isMember:
                return members.Add(new SimMember(command.Node, command.Node));
            case SimCommandKind.RemoveValidator when isMember && members.Length == 1:
                problem = $"removing node {command.Node} would leave no validator";
                return null;
            case SimCommandKind.RemoveValidator when isMember:
                return members.RemoveAt(index);
            case SimCommandKind.ReplaceKey when isMember && command.NewKey < SimAuthenticator.KeyIds && members.All(m => m.Key != command.NewKey):
                return members.SetItem(index, members[index] with { Key = command.NewKey });
            default:
                problem = $"change {command} does not fit the set [{string.Join(",", members.Select(m => m.Node))}]";
                return null;
        }
    }
}
