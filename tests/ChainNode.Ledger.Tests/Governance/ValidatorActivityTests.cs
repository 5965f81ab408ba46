using ChainNode.Ledger.Protos;
using ChainNode.Testing;

namespace ChainNode.Ledger.Tests.Governance;

/// <summary>The explorer's per-validator counts stay with the validator when a set change moves it to another index.</summary>
[TestClass]
public sealed class ValidatorActivityTests
{
    [TestMethod]
    public void Blocks_proposed_and_signed_are_counted_for_the_validator_whatever_its_index_in_each_set()
    {
        using var g = new GovernanceHarness(new TestNetwork());
        var receipts = g.Commit(g.Txs.Propose(g.Admin(0), GovernanceTxFactory.ValidatorRemove("validator-0"))); // block 1: switch at 3
        Assert.AreEqual(ReceiptStatus.Success, receipts[0].Status, receipts[0].Error);
        for (var i = 0; i < 3; i++)
            g.Commit(); // blocks 2-4

        // Blocks 1-2: validator-0 proposes, validators 0-2 sign (quorum 3 of 4).
        // Blocks 3-4: validator-1 (index 0 of three) proposes, validators 1-2 sign (quorum 2 of 3).
        ActivityOf(g, 0, expected: (2, 2));
        ActivityOf(g, 1, expected: (2, 4));
        ActivityOf(g, 2, expected: (0, 4));
        ActivityOf(g, 3, expected: (0, 0));
    }

    private static void ActivityOf(GovernanceHarness g, int validator, (ulong Proposed, ulong Signed) expected) =>
        Assert.AreEqual(new ChainNode.Ledger.Indexing.ExplorerIndex.ValidatorActivity(expected.Proposed, expected.Signed),
            g.Explorer.Activity(g.Network.ValidatorKeys[validator].Address), $"validator-{validator}");
}
