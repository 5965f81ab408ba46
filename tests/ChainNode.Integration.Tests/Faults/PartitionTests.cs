using System.Diagnostics;
using ChainNode.Integration.Tests.Network;
using ChainNode.Ledger.Transactions;
using ChainNode.Rpc.Api;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Faults;

/// <summary>
/// Validators on separate hosts (network namespaces with their own addresses), then real
/// network faults: the primary isolated, a 2/2 split, and 200 ms latency with 5% loss.
/// Skipped, saying why, where namespaces cannot be created.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Netns")]
public sealed class PartitionTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task An_isolated_primary_is_replaced_and_the_others_go_on()
    {
        using var namespaces = Create();
        await using var net = await StartAsync(namespaces);
        try
        {
            var primary = (int)(await net.StatusAsync(0)).Primary;
            var viewBefore = (await net.StatusAsync(primary)).View;
            namespaces.Isolate(primary);
            var others = Enumerable.Range(0, 4).Where(i => i != primary).ToList();
            await net.SubmitAndAwaitAsync(others[0], from: 1, count: 5, witnesses: others);
            foreach (var node in others)
                Assert.IsTrue((await net.StatusAsync(node)).View > viewBefore, $"validator {node} should be past view {viewBefore}");
            namespaces.Reconnect(primary);
            var height = await net.MinHeightAsync(others);
            await net.AssertIdenticalChainsAsync([0, 1, 2, 3], height);
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_two_two_split_makes_no_progress_and_no_fork_then_heals()
    {
        using var namespaces = Create();
        await using var net = await StartAsync(namespaces);
        try
        {
            namespaces.Split([0, 1], [2, 3]);
            // Let anything already in flight settle, then watch a few timeouts' worth: no new block
            // may be certified. (A validator may still fetch a block its side already certified.)
            var settled = (await SettledHeightAsync(net)).Max();
            var submitted = net.Transfer(0, net.Members[1].Address, 1);
            await net.Clients[0].SubmitTxAsync(submitted);
            var watch = Stopwatch.StartNew();
            using (var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250)))
            {
                while (watch.Elapsed < TimeSpan.FromSeconds(8) && await poll.WaitForNextTickAsync())
                {
                    foreach (var i in Enumerable.Range(0, 4))
                        Assert.IsLessThanOrEqualTo(settled, (await net.StatusAsync(i)).Height, $"validator {i} committed a new block during a 2/2 split");
                }
            }
            namespaces.Heal();
            var healed = Stopwatch.StartNew();
            var hash = TransactionCodec.HashOf(submitted).ToArray();
            foreach (var i in Enumerable.Range(0, 4))
            {
                await Eventually.Async(async () => (await net.Clients[i].GetTxAsync(hash)).Status == TxStatus.Committed,
                    TimeSpan.FromSeconds(120), $"validator {i} to commit after the split healed");
            }
            Console.WriteLine($"2/2 split healed: progress after {healed.Elapsed.TotalSeconds:F1} s");
            await net.AssertIdenticalChainsAsync([0, 1, 2, 3], await net.MinHeightAsync([0, 1, 2, 3]));
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task Progress_continues_with_200_ms_latency_and_5_percent_loss()
    {
        using var namespaces = Create();
        await using var net = await StartAsync(namespaces);
        try
        {
            if (!namespaces.TryDegrade(200, 5, out var reason))
                Assert.Inconclusive($"netem is unavailable here, so latency and loss cannot be applied: {reason}");
            var latencies = new List<double>();
            for (var i = 0; i < 8; i++)
            {
                var tx = net.Transfer(i % 4, net.Members[(i + 1) % 4].Address, 1);
                var clock = Stopwatch.StartNew();
                await net.Clients[i % 4].SubmitTxAsync(tx);
                var hash = TransactionCodec.HashOf(tx).ToArray();
                await Eventually.Async(async () => (await net.Clients[i % 4].GetTxAsync(hash)).Status == TxStatus.Committed,
                    TimeSpan.FromSeconds(120), $"transfer {i} to commit over a lossy, slow network");
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
            latencies.Sort();
            Console.WriteLine($"200 ms delay, 5% loss: submit-to-commit median {latencies[latencies.Count / 2]:F0} ms, max {latencies[^1]:F0} ms over {latencies.Count} transfers");
            await net.AssertIdenticalChainsAsync([0, 1, 2, 3], await net.MinHeightAsync([0, 1, 2, 3]));
        }
        catch (AssertInconclusiveException)
        {
            throw;
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    private static NetworkNamespaces Create()
    {
        var namespaces = NetworkNamespaces.TryCreate(4, out var reason);
        if (namespaces is null)
            Assert.Inconclusive($"network namespaces cannot be created here (they need root and the ip tool): {reason}");
        return namespaces!;
    }

    private static Task<LocalNetwork> StartAsync(NetworkNamespaces namespaces) =>
        LocalNetwork.StartAsync(afterInit: namespaces.Readdress, program: namespaces.Program);

    private static async Task<ulong[]> SettledHeightAsync(LocalNetwork net)
    {
        // Unchanged for a second: a vote that crossed just before the split is handled by then.
        ulong[] last = [];
        var unchangedFor = Stopwatch.StartNew();
        return await Eventually.Async(async () =>
        {
            var now = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i => (await net.StatusAsync(i)).Height));
            if (!now.SequenceEqual(last))
                unchangedFor.Restart();
            last = now;
            return unchangedFor.Elapsed >= TimeSpan.FromSeconds(1) ? now : null;
        }, h => h is not null, TimeSpan.FromSeconds(30), "heights to stop changing after the split");
    }
}
