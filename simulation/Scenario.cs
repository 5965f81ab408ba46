using ChainNode.Simulation.Byzantine;
using ChainNode.Simulation.Reconfiguration;

namespace ChainNode.Simulation;

/// <summary>The faults of one run, all drawn from the seed before it starts.</summary>
public sealed class Scenario
{
    public required IReadOnlyDictionary<int, ByzantineBehaviour> Byzantine { get; init; }
    public double DropRate { get; init; }
    public double DuplicateRate { get; init; }
    public int MaxDelay { get; init; }
    public (int From, int To, int[] Side)? Partition { get; init; }
    public IReadOnlyList<(int Replica, int CrashAt, int RestartAt)> Crashes { get; init; } = [];
    public ReconfigurationPlan? Reconfiguration { get; init; }

    /// <summary>The validators of the first epoch and the spare nodes that may join later.</summary>
    public int Nodes(int validators) => validators + (Reconfiguration?.SpareNodes ?? 0);

    public static Scenario Draw(int seed, SimulationOptions options, Random random)
    {
        var scenario = DrawFaults(seed, options, random);
        if (!options.Reconfigure)
            return scenario;
        var kinds = options.ReconfigurationKinds?.ToArray() ?? Enum.GetValues<ReconfigurationKind>();
        var byzantine = scenario.Byzantine.Keys.ToArray();
        var honest = Enumerable.Range(0, options.Validators).Where(i => !scenario.Byzantine.ContainsKey(i)).ToArray();
        var plan = ReconfigurationPlan.Draw(kinds[seed % kinds.Length], options.Validators, honest, byzantine, options.FaultTicks, random);
        return new Scenario
        {
            Byzantine = scenario.Byzantine,
            DropRate = scenario.DropRate,
            DuplicateRate = scenario.DuplicateRate,
            MaxDelay = scenario.MaxDelay,
            Partition = scenario.Partition,
            Crashes = scenario.Crashes,
            Reconfiguration = plan,
        };
    }

    private static Scenario DrawFaults(int seed, SimulationOptions options, Random random)
    {
        var n = options.Validators;
        var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
        var behaviours = options.Behaviours?.ToArray() ?? Enum.GetValues<ByzantineBehaviour>();
        var byzantine = new SortedDictionary<int, ByzantineBehaviour>();
        for (var i = 0; i < options.Byzantine; i++)
            byzantine[order[i]] = behaviours[(seed + i) % behaviours.Length]; // every behaviour recurs across seeds
        if (!options.NetworkFaults)
            return new Scenario { Byzantine = byzantine, MaxDelay = 1 };

        var honest = order.Skip(options.Byzantine).ToArray();
        var crashes = new List<(int, int, int)>();
        for (var i = 0; i < random.Next(0, 3); i++)
        {
            var at = random.Next(options.FaultTicks);
            crashes.Add((honest[random.Next(honest.Length)], at, Math.Min(options.FaultTicks, at + random.Next(5, 200))));
        }
        if (random.Next(3) == 0)
            crashes.AddRange(OutageThenBounce(honest[random.Next(honest.Length)], options.FaultTicks, random));
        (int, int, int[])? partition = null;
        if (random.Next(2) == 0)
        {
            var from = random.Next(options.FaultTicks);
            partition = (from, Math.Min(options.FaultTicks, from + random.Next(10, 300)), order.Take(random.Next(1, n)).Order().ToArray());
        }
        return new Scenario
        {
            Byzantine = byzantine,
            DropRate = random.NextDouble() * 0.15,
            DuplicateRate = random.NextDouble() * 0.1,
            MaxDelay = random.Next(1, 5),
            Partition = partition,
            Crashes = crashes,
        };
    }

    // A long outage, a restart that catches up by fetch past the stable checkpoint it persisted,
    // then a short crash soon after: the replica comes back with its committed height far above
    // its stable checkpoint, the state in which what it votes on and what its VIEW-CHANGE can
    // report must still agree.
    private static IEnumerable<(int, int, int)> OutageThenBounce(int replica, int faultTicks, Random random)
    {
        var down = random.Next(faultTicks / 4);
        var back = Math.Min(faultTicks, down + random.Next(100, 300));
        var bounce = Math.Min(faultTicks, back + random.Next(5, 40));
        yield return (replica, down, back);
        yield return (replica, bounce, Math.Min(faultTicks, bounce + random.Next(1, 10)));
    }

    public override string ToString() =>
        $"byzantine [{string.Join(", ", Byzantine.Select(b => $"{b.Key}:{b.Value}"))}], drop {DropRate:P0}, duplicate {DuplicateRate:P0}, delay 1-{MaxDelay}"
        + (Partition is { } p ? $", partition [{string.Join(",", p.Side)}] t={p.From}-{p.To}" : "")
        + string.Concat(Crashes.Select(c => $", crash {c.Replica} t={c.CrashAt}-{c.RestartAt}"))
        + (Reconfiguration is { } plan ? $", {plan}" : "");
}
