using ChainNode.LoadGenerator;

namespace ChainNode.Node.Tests.Bench;

[TestClass]
public sealed class HostCpuTimesTests
{
    [TestMethod]
    public void The_aggregate_line_gives_total_idle_with_iowait_and_steal()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice
        var times = HostCpuTimes.Parse("cpu  186755 0 17763 55130 2351 0 3264 24306 0 0");
        Assert.IsNotNull(times);
        Assert.AreEqual(186755 + 17763 + 55130 + 2351 + 3264 + 24306, times.Total);
        Assert.AreEqual(55130 + 2351, times.Idle);
        Assert.AreEqual(24306, times.Steal);
    }

    [TestMethod]
    public void Shares_are_taken_over_the_span_between_two_readings()
    {
        var earlier = HostCpuTimes.Parse("cpu 1000 0 100 500 0 0 0 400 0 0")!;
        var later = HostCpuTimes.Parse("cpu 1800 0 150 520 30 0 0 500 0 0")!; // 1,000 ticks later: 100 stolen, 50 idle
        var shares = later.Since(earlier);
        Assert.IsNotNull(shares);
        Assert.AreEqual(0.10, shares.Stolen, 1e-9);
        Assert.AreEqual(0.05, shares.Idle, 1e-9);
        Assert.IsNull(earlier.Since(earlier), "no time passed: no shares");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("cpu0 1 2 3 4 5 6 7 8")]
    [DataRow("cpu 1 2 3")]
    [DataRow("cpu 1 2 3 4 5 6 x 8")]
    public void A_line_that_is_not_the_aggregate_gives_null(string line) =>
        Assert.IsNull(HostCpuTimes.Parse(line));

    [TestMethod]
    public void This_machine_can_be_read_where_procfs_exists()
    {
        if (!File.Exists("/proc/stat"))
            Assert.Inconclusive("no /proc/stat here");
        var times = HostCpuTimes.ReadNow();
        Assert.IsNotNull(times);
        Assert.IsTrue(times.Total > 0 && times.Idle <= times.Total && times.Steal <= times.Total);
    }
}
