using ChainNode.Simulation;
using ChainNode.Simulation.Reconfiguration;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// Seeded simulations that change the validator set (issue 23) while Byzantine validators
/// misbehave and the network drops, duplicates, delays, partitions and crashes. Every run checks
/// agreement across all honest nodes (validators, followers, joiners), certificates against the
/// set in force at their height, and, after healing, a new height, the probe request, every
/// planned change committed and every honest joiner voting. Replay a failure with
/// `chainnode simulate --reconfigure --first-seed SEED --seeds 1 --verbose ...`.
/// </summary>
[TestClass]
public sealed class ReconfigurationSimulationTests
{
    private static SimulationOptions Options(int n, int byzantine, params ReconfigurationKind[] kinds) => new()
    {
        Validators = n,
        Byzantine = byzantine,
        Reconfigure = true,
        ReconfigurationKinds = kinds.Length > 0 ? kinds : null,
    };

    private static void RunSeeds(SimulationOptions options, int firstSeed, int seeds)
    {
        var summary = SimulationRunner.Run(options, firstSeed, seeds);
        if (summary.Failures.Count > 0)
            Assert.Fail($"{summary.Failures.Count} of {seeds} seeds failed; first:{Environment.NewLine}{summary.Failures[0].Describe()}");
    }

    private static SimulationResult RunOne(SimulationOptions options, int seed)
    {
        var result = new SimulationRun(seed, options).Run();
        Assert.IsTrue(result.Passed, result.Describe());
        return result;
    }

    [TestMethod]
    [TestCategory("Long")]
    public void Four_validators_reconfiguring_under_faults_stay_safe_and_live() =>
        RunSeeds(Options(4, 1), firstSeed: 30_000, seeds: 200);

    [TestMethod]
    [TestCategory("Long")]
    public void Seven_validators_reconfiguring_under_faults_stay_safe_and_live() =>
        RunSeeds(Options(7, 2), firstSeed: 40_000, seeds: 120);

    [TestMethod]
    public void Adding_a_validator_lets_the_joiner_catch_up_and_vote()
    {
        var result = RunOne(Options(4, 1, ReconfigurationKind.AddValidator), seed: 11);
        StringAssert.Contains(result.FinalValidatorSet, ",4/k4]", result.Describe());
    }

    [TestMethod]
    public void Removing_a_validator_keeps_the_chain_going() =>
        RunOne(Options(4, 1, ReconfigurationKind.RemoveValidator), seed: 12);

    [TestMethod]
    public void Replacing_a_key_keeps_the_chain_going_under_the_new_key() =>
        RunOne(Options(4, 1, ReconfigurationKind.ReplaceKey), seed: 13);

    [TestMethod]
    public void Removing_the_current_primary_keeps_the_chain_going() =>
        RunOne(Options(4, 1, ReconfigurationKind.RemoveCurrentPrimary), seed: 14);

    [TestMethod]
    public void A_removed_byzantine_validator_that_keeps_sending_changes_nothing()
    {
        foreach (var behaviour in Enum.GetValues<Simulation.Byzantine.ByzantineBehaviour>())
            RunOne(Options(4, 1, ReconfigurationKind.RemoveByzantine) with { Behaviours = [behaviour] }, seed: 15);
    }

    [TestMethod]
    public void Several_changes_in_a_row_keep_the_chain_safe_and_live() =>
        RunOne(Options(7, 2, ReconfigurationKind.SeveralChanges), seed: 16);

    // Found by the long run: node 0 (removed from the next set) committed height 8, the old epoch's
    // last block, and switched; the others were in a view change that needed its vote, and no one
    // in the next epoch had started to send them anything, so nothing made them fetch block 8.
    [TestMethod]
    public void Validators_left_in_a_view_change_of_an_ended_epoch_fetch_its_last_block() =>
        RunOne(Options(4, 1), seed: 105_709);

    [TestMethod]
    public void The_ci_seed_ranges_cover_every_reconfiguration_kind()
    {
        var options = Options(4, 1);
        var seen = Enumerable.Range(30_000, 200).Select(seed => Scenario.Draw(seed, options, new Random(seed)).Reconfiguration!.Kind).ToHashSet();
        CollectionAssert.AreEquivalent(Enum.GetValues<ReconfigurationKind>(), seen.ToArray());
    }
}
