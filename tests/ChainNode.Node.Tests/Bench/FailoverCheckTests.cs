using ChainNode.LoadGenerator;

namespace ChainNode.Node.Tests.Bench;

[TestClass]
public sealed class FailoverCheckTests
{
    // 100 tx/s, one commit every 10 ms, from 0 s up to (not including) the end.
    private static IEnumerable<double> Steady(double from, double to, double perSecond = 100) =>
        Enumerable.Range(0, (int)Math.Round((to - from) * perSecond)).Select(i => from + i / perSecond);

    [TestMethod]
    public void The_gap_runs_from_the_kill_to_the_first_block_of_a_later_view_and_recovery_to_80_percent_of_the_rate_before()
    {
        var kill = new FailoverCheck.Kill(Validator: 1, AtSeconds: 10, View: 1);
        // A block of view 1 still commits after the kill (it was prepared before): not the resumption.
        (double, ulong)[] blocks = [(9.5, 1), (10.2, 1), (12.5, 2), (13, 2)];
        // 100 tx/s before the kill; nothing from 10.2 s; from 12.5 s, 50 tx/s for a second, then 100 tx/s.
        var commits = Steady(0, 10.2).Concat(Steady(12.5, 13.5, 50)).Concat(Steady(13.5, 20)).ToList();

        var report = FailoverCheck.Analyse(kill, blocks, commits, viewChangeTimeoutSeconds: 2, runEnd: 20);

        Assert.AreEqual(2.5, report.GapSeconds!.Value, 1e-9);
        Assert.AreEqual(4, report.TwiceViewChangeTimeoutSeconds);
        Assert.AreEqual(100, report.TxPerSecondBeforeKill, 1e-9);
        // The trailing second holds 80 commits once 0.6 s of the 100 tx/s spell is in it: 1.6 s after resuming.
        Assert.AreEqual(1.6, report.RecoverySeconds!.Value, 0.011);
    }

    [TestMethod]
    public void A_network_that_never_changes_view_or_never_recovers_reports_no_figure()
    {
        var kill = new FailoverCheck.Kill(Validator: 0, AtSeconds: 10, View: 0);
        var stalled = FailoverCheck.Analyse(kill, [(9, 0), (10.1, 0)], Steady(0, 10.1).ToList(), viewChangeTimeoutSeconds: 2, runEnd: 20);
        Assert.IsNull(stalled.GapSeconds, "no block of a later view: no gap");
        Assert.IsNull(stalled.RecoverySeconds);

        var slow = FailoverCheck.Analyse(kill, [(13, 1)], Steady(0, 10).Concat(Steady(13, 20, 50)).ToList(), viewChangeTimeoutSeconds: 2, runEnd: 20);
        Assert.AreEqual(3, slow.GapSeconds!.Value, 1e-9);
        Assert.IsNull(slow.RecoverySeconds, "half the rate before the kill is not a recovery");
    }
}
