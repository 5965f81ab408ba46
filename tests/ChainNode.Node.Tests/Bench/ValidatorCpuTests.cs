using ChainNode.LoadGenerator;

namespace ChainNode.Node.Tests.Bench;

[TestClass]
public sealed class ValidatorCpuTests
{
    [TestMethod]
    public void The_counters_are_read_from_their_sample_lines_and_not_from_their_help_or_a_longer_name()
    {
        const string page = """
            # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total_created 1.7e9
            process_cpu_seconds_total 12.5
            chainnode_tx_signature_checks_total 4000
            chainnode_height 7
            """;
        Assert.AreEqual(new ValidatorReading(12.5, 4000), ValidatorCpu.Parse(page));
        Assert.AreEqual(new ValidatorReading(3, null), ValidatorCpu.Parse("process_cpu_seconds_total 3\n"), "a node older than the checks counter");
        Assert.IsNull(ValidatorCpu.Parse("chainnode_height 7\n"), "absent");
        Assert.IsNull(ValidatorCpu.Parse("process_cpu_seconds_total NaNx\n"), "not a number");
    }

    [TestMethod]
    public void The_cost_per_tx_is_the_mean_over_validators_read_at_both_edges()
    {
        // Validator 2 was down at the end: it has no reading and does not count.
        var cost = ValidatorCpu.Cost([Read(10, 0), Read(20, 5), Read(30, 0)], [Read(16, 100_000), Read(24, 110_005), null], committed: 100_000, signatureChecksPerSecond: 40_000, cores: 2);
        Assert.IsNotNull(cost);
        Assert.AreEqual(2, cost.Validators);
        Assert.AreEqual(1.05, cost.SignatureChecksPerTxPerValidator!.Value, 1e-9); // (100,000 + 110,000) / 2 over 100,000 txs
        Assert.AreEqual(50, cost.CpuMicrosecondsPerTxPerValidator, 1e-9); // (6 + 4) / 2 s over 100,000 txs
        Assert.AreEqual(50, cost.SignatureCheckMicroseconds, 1e-9); // 20,000 checks/s per core
        Assert.AreEqual(40_000, cost.DerivedTwoCoreHostTxPerSecond, 1e-6);
        Assert.IsNull(ValidatorCpu.Cost([Read(1)], [Read(2)], committed: 0, 40_000, 2), "nothing committed");
        Assert.IsNull(ValidatorCpu.Cost([null], [Read(2)], committed: 10, 40_000, 2), "no validator read twice");
        Assert.IsNull(ValidatorCpu.Cost([Read(1)], [Read(2)], committed: 10, 40_000, 2)!.SignatureChecksPerTxPerValidator, "nodes that do not count checks");
    }

    private static ValidatorReading Read(double cpuSeconds, double? checks = null) => new(cpuSeconds, checks);

    [TestMethod]
    public void Cores_used_are_the_validators_cpu_seconds_per_second_together()
    {
        Assert.AreEqual(0.25, ValidatorCpu.CoresUsed([Read(1.0), Read(2.0), null], [Read(1.1), Read(2.4), Read(3.0)], seconds: 2), 1e-9);
        Assert.AreEqual(0, ValidatorCpu.CoresUsed([Read(1.0)], [Read(2.0)], seconds: 0));
    }
}
