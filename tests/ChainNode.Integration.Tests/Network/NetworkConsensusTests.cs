using ChainNode.Ledger.Transactions;
using ChainNode.Rpc.Api;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Network;

/// <summary>Four real validator processes on loopback reaching PBFT consensus over gRPC.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class NetworkConsensusTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_thousand_transfers_commit_identically_on_all_four_validators()
    {
        await using var net = await LocalNetwork.StartAsync();
        try
        {
            const int perMember = 250;
            var members = net.Members.Length;
            // Member m sends m+1 coins per transfer to member m+1, each member through its own node.
            var batches = Enumerable.Range(0, members)
                .Select(m => Enumerable.Range(0, perMember).Select(_ => net.Transfer(m, net.Members[(m + 1) % members].Address, (ulong)(m + 1))).ToList())
                .ToList();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Task.WhenAll(batches.Select(async (txs, m) =>
            {
                foreach (var tx in txs)
                    await net.Clients[m % net.Clients.Length].SubmitTxAsync(tx);
            }));

            await Eventually.Async(async () =>
            {
                foreach (var member in net.Members)
                {
                    if ((await net.Clients[0].GetAccountAsync(member.Address.ToArray())).Nonce != perMember)
                        return false;
                }
                return true;
            }, LocalNetwork.Patience, "all 1000 transfers to commit");
            Console.WriteLine($"1000 transfers submitted and committed in {clock.Elapsed.TotalSeconds:F1} s");

            var height = (await net.StatusAsync(0)).Height;
            await net.AssertIdenticalChainsAsync([0, 1, 2, 3], height);
            foreach (var tx in batches.SelectMany(b => b))
            {
                var found = await net.Clients[3].GetTxAsync(TransactionCodec.HashOf(tx).ToArray());
                Assert.AreEqual(TxStatus.Committed, found.Status);
                Assert.IsTrue(found.BlockHeight >= 1 && found.BlockHeight <= height);
            }
            var initial = net.Description.Members[0].Balance;
            for (var m = 0; m < members; m++)
            {
                var received = (ulong)(((m + members - 1) % members) + 1) * perMember;
                var sent = (ulong)(m + 1) * perMember;
                var account = await net.Clients[2].GetAccountAsync(net.Members[m].Address.ToArray());
                Assert.AreEqual(initial - sent + received, account.Balance, $"member {m}'s balance");
            }
            await net.StopAndVerifyLedgersAsync();
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task The_chain_goes_on_with_one_validator_stopped_and_after_the_primary_is_killed()
    {
        await using var net = await LocalNetwork.StartAsync();
        try
        {
            var primary = (int)(await net.StatusAsync(0)).Primary;
            var stopped = (primary + 1) % 4;
            await net.Nodes[stopped].StopAsync();
            var survivors = Enumerable.Range(0, 4).Where(i => i != stopped).ToList();
            var first = await net.SubmitAndAwaitAsync(entry: survivors[^1], from: 0, count: 20, witnesses: survivors);

            net.Nodes[stopped].Start();
            await net.WaitForHeightAsync(stopped, await net.MinHeightAsync(survivors));

            // The view may have moved while a validator was down (a slow start can time view 0 out): kill the current primary.
            var before = await net.StatusAsync(survivors[0]);
            (primary, var viewBefore) = ((int)before.Primary, before.View);
            await net.Nodes[primary].KillAsync();
            var alive = Enumerable.Range(0, 4).Where(i => i != primary).ToList();
            await net.SubmitAndAwaitAsync(entry: alive[0], from: 1, count: 20, witnesses: alive);
            foreach (var node in alive)
                Assert.IsTrue((await net.StatusAsync(node)).View > viewBefore, $"validator {node} should have left view {viewBefore} after the primary died");
            foreach (var tx in first)
                Assert.AreEqual(TxStatus.Committed, (await net.Clients[alive[1]].GetTxAsync(TransactionCodec.HashOf(tx).ToArray())).Status);

            net.Nodes[primary].Start();
            var height = await net.MinHeightAsync(alive);
            await net.AssertIdenticalChainsAsync([0, 1, 2, 3], height);
            await net.StopAndVerifyLedgersAsync();
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_restarted_validator_and_one_with_a_wiped_data_directory_catch_up()
    {
        await using var net = await LocalNetwork.StartAsync();
        try
        {
            await net.Nodes[1].KillAsync();
            await net.SubmitAndAwaitAsync(entry: 0, from: 0, count: 30, witnesses: [0, 2, 3]);
            net.Nodes[1].Start();
            await net.WaitForHeightAsync(1, await net.MinHeightAsync([0, 2, 3]));

            await net.Nodes[2].StopAsync();
            Directory.Delete(Path.Combine(net.Nodes[2].Home, "data"), recursive: true);
            await net.SubmitAndAwaitAsync(entry: 3, from: 1, count: 30, witnesses: [0, 1, 3]);
            net.Nodes[2].Start();
            var height = await net.MinHeightAsync([0, 1, 3]);
            await net.AssertIdenticalChainsAsync([0, 1, 2, 3], height);
            await net.StopAndVerifyLedgersAsync();
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }
}
