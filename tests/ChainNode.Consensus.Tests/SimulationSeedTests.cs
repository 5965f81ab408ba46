using ChainNode.Simulation;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// Seeded simulations covering every Byzantine behaviour with lossy, partitioned networks and
/// crashes. A failure prints its seed, the scenario and the last messages; replay it with
/// `chainnode simulate --first-seed SEED --seeds 1 ...`.
/// </summary>
[TestClass]
public sealed class SimulationSeedTests
{
    private static void RunSeeds(SimulationOptions options, int firstSeed, int seeds)
    {
        var summary = SimulationRunner.Run(options, firstSeed, seeds);
        if (summary.Failures.Count > 0)
            Assert.Fail($"{summary.Failures.Count} of {seeds} seeds failed; first:{Environment.NewLine}{summary.Failures[0].Describe()}");
    }

    [TestMethod]
    [TestCategory("Long")]
    public void Four_validators_with_one_byzantine_stay_safe_and_live() =>
        RunSeeds(new SimulationOptions { Validators = 4, Byzantine = 1 }, firstSeed: 1, seeds: 200);

    [TestMethod]
    [TestCategory("Long")]
    public void Seven_validators_with_two_byzantine_stay_safe_and_live() =>
        RunSeeds(new SimulationOptions { Validators = 7, Byzantine = 2 }, firstSeed: 1_000, seeds: 120);

    // Large blocks lower the checkpoint interval to 1 (ViewChangeBudget) with the node's window of 1.
    [TestMethod]
    public void Checkpointing_every_block_with_a_window_of_one_stays_safe_and_live() =>
        RunSeeds(new SimulationOptions { Validators = 4, Byzantine = 1, CheckpointInterval = 1, Window = 1 }, firstSeed: 5_000, seeds: 100);

    // Before the watermark fix, replica 0 here prepared height 33 and left it out of its VIEW-CHANGE from checkpoint 16.
    [TestMethod]
    public void The_seed_that_found_a_view_change_missing_a_prepared_block_stays_safe() =>
        RunSeeds(new SimulationOptions { Validators = 4, Byzantine = 1 }, firstSeed: 1_841, seeds: 1);

    [TestMethod]
    [TestCategory("Long")]
    public void A_censoring_primary_is_replaced_and_every_request_commits()
    {
        RunSeeds(new SimulationOptions { Validators = 4, Byzantine = 1, Behaviours = [Simulation.Byzantine.ByzantineBehaviour.Censor], NetworkFaults = false }, firstSeed: 1, seeds: 40);
        RunSeeds(new SimulationOptions { Validators = 7, Byzantine = 2, Behaviours = [Simulation.Byzantine.ByzantineBehaviour.Censor] }, firstSeed: 100, seeds: 40);
    }

    [TestMethod]
    public void Without_faults_every_run_makes_steady_progress()
    {
        var result = new SimulationRun(7, new SimulationOptions { Validators = 4, Byzantine = 0, NetworkFaults = false }).Run();
        Assert.IsTrue(result.Passed, result.Describe());
        Assert.IsGreaterThan(100UL, result.HonestHeight, "a fault-free network commits a block every couple of ticks");
    }
}
