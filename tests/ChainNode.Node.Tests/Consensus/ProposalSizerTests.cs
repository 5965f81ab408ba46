using ChainNode.Node.Consensus;

namespace ChainNode.Node.Tests.Consensus;

[TestClass]
public sealed class ProposalSizerTests
{
    [TestMethod]
    public void A_round_over_budget_shrinks_the_cap_in_proportion()
    {
        var sizer = new ProposalSizer(maxTxs: 4000, budgetMs: 1000);
        Assert.AreEqual(4000, sizer.Cap);
        sizer.Proposed(height: 10, txs: 4000, nowMs: 0);
        sizer.Committed(height: 10, nowMs: 2000); // twice the budget
        Assert.AreEqual(2000, sizer.Cap);
    }

    [TestMethod]
    public void A_fast_full_round_grows_the_cap_back_up_to_the_limit()
    {
        var sizer = new ProposalSizer(maxTxs: 4000, budgetMs: 1000);
        sizer.Proposed(1, 4000, 0);
        sizer.Committed(1, 4000); // four times the budget: down to 1000
        Assert.AreEqual(1000, sizer.Cap);
        for (ulong h = 2; h < 20; h++)
        {
            sizer.Proposed(h, sizer.Cap, (long)h * 1000);
            sizer.Committed(h, (long)h * 1000 + 100);
        }
        Assert.AreEqual(4000, sizer.Cap);
    }

    [TestMethod]
    public void Partly_filled_blocks_and_replaced_blocks_do_not_move_the_cap()
    {
        var sizer = new ProposalSizer(maxTxs: 4000, budgetMs: 1000);
        sizer.Proposed(5, 4000, 0);
        sizer.Committed(6, 5000); // height 5 went to another primary after a view change: no measurement
        Assert.AreEqual(4000, sizer.Cap);
        sizer.Proposed(7, 4000, 10_000);
        sizer.Committed(7, 14_000); // down to 1000
        sizer.Proposed(8, 200, 20_000);
        sizer.Committed(8, 20_050); // fast, but the block was not full: demand, not the cap, limited it
        Assert.AreEqual(1000, sizer.Cap);
    }
}
