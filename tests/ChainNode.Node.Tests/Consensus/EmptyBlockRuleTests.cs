using ChainNode.Node.Consensus;

namespace ChainNode.Node.Tests.Consensus;

[TestClass]
public sealed class EmptyBlockRuleTests
{
    private const long Heartbeat = 1_000;

    [TestMethod]
    public void With_empty_blocks_on_an_idle_primary_proposes_one_every_heartbeat()
    {
        var rule = new EmptyBlockRule(CreateEmptyBlocks: true, Heartbeat, IdleIntervalMs: 0);
        Assert.IsFalse(rule.Due(5, nowMs: 10_999, lastProposalMs: 10_000, parentTimestampMs: 10_000));
        Assert.IsTrue(rule.Due(5, nowMs: 11_000, lastProposalMs: 10_000, parentTimestampMs: 10_000));
    }

    [TestMethod]
    public void With_empty_blocks_off_and_no_interval_an_idle_primary_never_proposes_past_block_1()
    {
        var rule = new EmptyBlockRule(CreateEmptyBlocks: false, Heartbeat, IdleIntervalMs: 0);
        var aDay = 86_400_000L;
        Assert.IsFalse(rule.Due(5, nowMs: aDay, lastProposalMs: 0, parentTimestampMs: 0));
        Assert.IsTrue(rule.Due(1, nowMs: 0, lastProposalMs: 0, parentTimestampMs: 0), "block 1 shows the new chain has a quorum");
    }

    [TestMethod]
    public void With_empty_blocks_off_the_liveness_interval_counts_from_the_parent_block_whoever_proposed_it()
    {
        var rule = new EmptyBlockRule(CreateEmptyBlocks: false, Heartbeat, IdleIntervalMs: 60_000);
        // A new primary (it never proposed: lastProposalMs 0) waits for the interval after the parent too.
        Assert.IsFalse(rule.Due(7, nowMs: 159_999, lastProposalMs: 0, parentTimestampMs: 100_000));
        Assert.IsTrue(rule.Due(7, nowMs: 160_000, lastProposalMs: 0, parentTimestampMs: 100_000));
    }
}
