namespace ChainNode.Simulation.Reconfiguration;

/// <summary>
/// The set changes of one run, drawn from the seed: from its tick on, a change is due, and every
/// primary puts the due changes its parent's chain has not applied into the block it builds.
/// A <see cref="SimCommandKind.RemoveValidator"/> of <see cref="ProposerItself"/> is resolved by
/// the builder to itself: the current primary removes itself.
/// </summary>
public sealed class ReconfigurationPlan
{
    public const int ProposerItself = -1;

    public required ReconfigurationKind Kind { get; init; }

    public required IReadOnlyList<(int Tick, SimCommand Command)> Changes { get; init; }

    /// <summary>Nodes that take no part until a change adds them.</summary>
    public required int SpareNodes { get; init; }

    public static ReconfigurationPlan Draw(ReconfigurationKind kind, int validators, int[] honest, int[] byzantine, int faultTicks, Random random)
    {
        var spare = validators;
        var first = random.Next(10, Math.Max(11, faultTicks / 2));
        var second = first + random.Next(30, Math.Max(31, faultTicks / 2));
        var newKey = validators + 2 + random.Next(100);
        ushort id = 1;
        SimCommand Change(SimCommandKind what, int node, int key = 0) => new(id++, what, node, key);
        var removable = byzantine.Length > 0 ? byzantine[random.Next(byzantine.Length)] : honest[random.Next(honest.Length)];
        List<(int, SimCommand)> changes = kind switch
        {
            ReconfigurationKind.AddValidator => [(first, Change(SimCommandKind.AddValidator, spare))],
            ReconfigurationKind.RemoveValidator =>
                [(first, Change(SimCommandKind.AddValidator, spare)), (second, Change(SimCommandKind.RemoveValidator, honest[random.Next(honest.Length)]))],
            ReconfigurationKind.ReplaceKey => [(first, Change(SimCommandKind.ReplaceKey, random.Next(validators), newKey))],
            ReconfigurationKind.RemoveCurrentPrimary =>
                [(first, Change(SimCommandKind.AddValidator, spare)), (second, Change(SimCommandKind.RemoveValidator, ProposerItself))],
            ReconfigurationKind.RemoveByzantine when byzantine.Length > 0 => [(first, Change(SimCommandKind.RemoveValidator, removable))],
            ReconfigurationKind.RemoveByzantine =>
                [(first, Change(SimCommandKind.AddValidator, spare)), (second, Change(SimCommandKind.RemoveValidator, removable))],
            _ =>
            [
                (first, Change(SimCommandKind.AddValidator, spare)),
                (first, Change(SimCommandKind.ReplaceKey, random.Next(validators), newKey)),
                (second, Change(SimCommandKind.RemoveValidator, removable)),
                (second, Change(SimCommandKind.AddValidator, spare + 1)),
                (second + random.Next(20, 100), Change(SimCommandKind.ReplaceKey, spare, newKey + 1)),
            ],
        };
        return new ReconfigurationPlan { Kind = kind, Changes = changes, SpareNodes = kind == ReconfigurationKind.SeveralChanges ? 2 : 1 };
    }

    public override string ToString() => $"{Kind}: {string.Join(", ", Changes.Select(c => $"t={c.Tick} {Describe(c.Command)}"))}";

    private static string Describe(SimCommand command) =>
        command.Node == ProposerItself ? $"#{command.Id} remove the proposing primary" : command.ToString();
}
