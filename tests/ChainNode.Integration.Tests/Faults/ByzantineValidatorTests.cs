using ChainNode.Integration.Tests.Network;
using ChainNode.Ledger.Transactions;
using ChainNode.Node.Devnet;
using ChainNode.Rpc.Api;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Faults;

/// <summary>
/// Validator 0 (the first primary) runs as byzantine-node, a test-only harness around the real
/// node that misbehaves. The three honest validators must agree (safety) and keep committing.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class ByzantineValidatorTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    [DataRow("equivocate")]
    [DataRow("bad-signatures")]
    [DataRow("replay")]
    [DataRow("flood")]
    public async Task Honest_validators_stay_in_agreement_and_keep_committing(string misbehaviour)
    {
        var byzantine = new ValidatorProcess.Command("dotnet", [Path.Combine(AppContext.BaseDirectory, "byzantine-node.dll")]);
        await using var net = await StartWithByzantineAsync(misbehaviour, byzantine);
        try
        {
            StringAssert.Contains(File.ReadAllText(net.Nodes[0].LogFile), $"validator 0 will {misbehaviour}", "validator 0 must run the byzantine harness");
            int[] honest = [1, 2, 3];
            var start = await net.MinHeightAsync(honest);
            var txs = Enumerable.Range(0, 20).Select(i => net.Transfer(1 + i % 3, net.Members[0].Address, 1)).ToList();
            foreach (var (tx, i) in txs.Select((tx, i) => (tx, i)))
                await net.Clients[honest[i % 3]].SubmitTxAsync(tx);
            foreach (var tx in txs)
            {
                var hash = TransactionCodec.HashOf(tx).ToArray();
                await Eventually.Async(async () => (await net.Clients[2].GetTxAsync(hash)).Status == TxStatus.Committed,
                    LocalNetwork.Patience, $"honest validators to commit while validator 0 does '{misbehaviour}'");
            }
            // All 20 may fit in one block when they arrive together, so one new height is progress
            // enough; validator 2 may have applied it a moment before the other two.
            var height = await Eventually.Async(() => net.MinHeightAsync(honest), h => h > start, LocalNetwork.Patience,
                $"every honest validator to move past height {start}");
            await net.AssertIdenticalChainsAsync(honest, height);
            if (misbehaviour is "equivocate" or "bad-signatures")
                Assert.IsTrue((await net.StatusAsync(1)).View > 0, "the faulty primary should have been replaced by a view change");
            if (misbehaviour == "bad-signatures")
                StringAssert.Contains(File.ReadAllText(net.Nodes[1].LogFile), "Rejected", "honest validators log the forged messages they refuse");
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    // The request timeout is twice the view-change timeout (2 s here); then one view change and
    // one block. The rest is margin for a loaded 2-core host.
    private static readonly TimeSpan CensorshipBound = TimeSpan.FromSeconds(25);

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_tx_sent_to_an_honest_validator_commits_within_a_bound_while_a_censoring_primary_proposes_only_empty_blocks()
    {
        var byzantine = new ValidatorProcess.Command("dotnet", [Path.Combine(AppContext.BaseDirectory, "byzantine-node.dll")]);
        await using var net = await StartWithByzantineAsync("censor", byzantine);
        try
        {
            StringAssert.Contains(File.ReadAllText(net.Nodes[0].LogFile), "validator 0 will censor", "validator 0 must run the byzantine harness");
            // The censor is primary of view 0 and keeps committing empty blocks, so the
            // view-change timer (ticks since the last commit) never fires.
            await Eventually.Async(() => net.MinHeightAsync([1, 2, 3]), h => h >= 2, LocalNetwork.Patience, "the censor's empty blocks to commit");
            var tx = net.Transfer(1, net.Members[0].Address, 1);
            await net.Clients[1].SubmitTxAsync(tx);
            var hash = TransactionCodec.HashOf(tx).ToArray();
            await Eventually.Async(async () => (await net.Clients[2].GetTxAsync(hash)).Status == TxStatus.Committed,
                CensorshipBound, "a tx held by every honest validator to commit although the primary censors it");
            Assert.IsTrue((await net.StatusAsync(1)).View > 0, "the censoring primary was replaced by a view change");
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    private static async Task<LocalNetwork> StartWithByzantineAsync(string misbehaviour, ValidatorProcess.Command byzantine)
    {
        // The misbehaviour file must exist before the harness starts.
        return await LocalNetwork.StartAsync(program: i => i == 0 ? byzantine : null, prepare: home =>
        {
            if (home.EndsWith("node-0", StringComparison.Ordinal))
                File.WriteAllText(Path.Combine(home, "byzantine.txt"), misbehaviour);
        });
    }
}
