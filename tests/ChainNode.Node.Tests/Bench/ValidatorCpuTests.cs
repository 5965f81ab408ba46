using ChainNode.LoadGenerator;

namespace ChainNode.Node.Tests.Bench;

[TestClass]
public sealed class ValidatorCpuTests
{
    [TestMethod]
    public void The_cpu_counter_is_read_from_its_sample_line_and_not_from_its_help_or_a_longer_name()
    {
        const string page = """
            # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total_created 1.7e9
            process_cpu_seconds_total 12.5
            chainnode_height 7
            """;
        Assert.AreEqual(12.5, ValidatorCpu.Parse(page));
        Assert.IsNull(ValidatorCpu.Parse("chainnode_height 7\n"), "absent");
        Assert.IsNull(ValidatorCpu.Parse("process_cpu_seconds_total NaNx\n"), "not a number");
    }

    [TestMethod]
    public void The_cost_per_tx_is_the_mean_over_validators_read_at_both_edges()
    {
        // Validator 2 was down at the end: it has no reading and does not count.
        var cost = ValidatorCpu.Cost([10, 20, 30], [16, 24, null], committed: 100_000, signatureChecksPerSecond: 40_000, cores: 2);
        Assert.IsNotNull(cost);
        Assert.AreEqual(2, cost.Validators);
        Assert.AreEqual(50, cost.CpuMicrosecondsPerTxPerValidator, 1e-9); // (6 + 4) / 2 s over 100,000 txs
        Assert.AreEqual(50, cost.SignatureCheckMicroseconds, 1e-9); // 20,000 checks/s per core
        Assert.AreEqual(40_000, cost.DerivedTwoCoreHostTxPerSecond, 1e-6);
        Assert.IsNull(ValidatorCpu.Cost([1], [2], committed: 0, 40_000, 2), "nothing committed");
        Assert.IsNull(ValidatorCpu.Cost([null], [2], committed: 10, 40_000, 2), "no validator read twice");
    }

    [TestMethod]
    public void Cores_used_are_the_validators_cpu_seconds_per_second_together()
    {
        Assert.AreEqual(0.25, ValidatorCpu.CoresUsed([1.0, 2.0, null], [1.1, 2.4, 3.0], seconds: 2), 1e-9);
        Assert.AreEqual(0, ValidatorCpu.CoresUsed([1.0], [2.0], seconds: 0));
    }
}
