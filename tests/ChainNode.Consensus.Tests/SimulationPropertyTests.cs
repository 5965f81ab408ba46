using ChainNode.Simulation;
using ChainNode.Simulation.Byzantine;

namespace ChainNode.Consensus.Tests;

[TestClass]
public sealed class SimulationPropertyTests
{
    [TestMethod]
    public void The_ci_seed_ranges_cover_every_byzantine_behaviour()
    {
        foreach (var (options, first, count) in new[] { (new SimulationOptions { Validators = 4, Byzantine = 1 }, 1, 200), (new SimulationOptions { Validators = 7, Byzantine = 2 }, 1_000, 120) })
        {
            var seen = Enumerable.Range(first, count)
                .SelectMany(seed => Scenario.Draw(seed, options, new Random(seed)).Byzantine.Values)
                .ToHashSet();
            CollectionAssert.AreEquivalent(Enum.GetValues<ByzantineBehaviour>(), seen.ToArray());
        }
    }

    [TestMethod]
    public void Memory_stays_bounded_over_thousands_of_heights()
    {
        var options = new SimulationOptions { Validators = 4, Byzantine = 0, NetworkFaults = false, FaultTicks = 20_000, CheckpointInterval = 8, Window = 2 };
        var simulation = new SimulationRun(3, options);
        var result = simulation.Run();
        Assert.IsTrue(result.Passed, result.Describe());
        Assert.IsGreaterThan(5_000UL, result.HonestHeight);
        // The window spans LogSize = 16 heights above the stable checkpoint; everything below is collected.
        foreach (var replica in simulation.Replicas)
            Assert.IsLessThanOrEqualTo(16 + 8, replica.Core!.SlotCount, $"replica {replica.Index} holds {replica.Core.SlotCount} heights");
        foreach (var replica in simulation.Replicas)
            Assert.IsLessThanOrEqualTo(2 * 16, replica.PersistedState.Votes.Count + replica.PersistedState.Prepared.Count);
    }
}
