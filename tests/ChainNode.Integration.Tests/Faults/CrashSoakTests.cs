using System.Collections.Concurrent;
using ChainNode.Integration.Tests.Network;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using ChainNode.Testing;
using Grpc.Core;

namespace ChainNode.Integration.Tests.Faults;

/// <summary>
/// Under steady load, kill -9 a random validator at random moments (never more than f = 1 down)
/// and restart it. Afterwards every tx the API reported committed is in the chain exactly once,
/// all chains are identical, verify-ledger passes everywhere, and no log holds a private key.
/// CI runs it for CHAINNODE_SOAK_SECONDS (default 60); set it to 1800 for the long run.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Soak")]
public sealed class CrashSoakTests
{
    private static readonly int Seconds = int.TryParse(Environment.GetEnvironmentVariable("CHAINNODE_SOAK_SECONDS"), out var s) ? s : 60;

    [TestMethod]
    [Timeout(IntegrationTimeouts.Soak)]
    public async Task Random_kill_9_under_load_loses_nothing_and_forks_nothing()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        await using var net = await LocalNetwork.StartAsync(validators: 4, members: 8);
        var committed = new ConcurrentDictionary<Hash32, ulong>();
        var kills = 0;
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(Seconds));
            var down = -1;
            var load = Enumerable.Range(0, net.Members.Length).Select(m => Task.Run(() => SenderAsync(net, m, seed + m, () => Volatile.Read(ref down), committed, stop.Token))).ToList();
            while (!stop.IsCancellationRequested)
            {
                await Delay(random.Next(1_000, 4_000), stop.Token);
                var victim = random.Next(net.Nodes.Length);
                Volatile.Write(ref down, victim);
                await net.Nodes[victim].KillAsync();
                kills++;
                await Delay(random.Next(200, 3_000), CancellationToken.None);
                net.Nodes[victim].Start();
                Volatile.Write(ref down, -1);
            }
            await Task.WhenAll(load);

            Assert.IsTrue(kills >= Seconds / 8, $"only {kills} kills in {Seconds} s");
            Assert.IsFalse(committed.IsEmpty, "no tx committed under the soak");
            var height = await WaitForAgreementAsync(net);
            await net.AssertIdenticalChainsAsync([0, 1, 2, 3], height);
            var seen = new Dictionary<Hash32, ulong>();
            for (ulong h = 1; h <= height; h++)
            {
                var block = await net.Clients[h % 4 == 0 ? 1 : 2].GetBlockAsync(h);
                foreach (var tx in block.Block.Block.Transactions)
                    Assert.IsTrue(seen.TryAdd(TransactionCodec.HashOf(tx), h), $"tx {TransactionCodec.HashOf(tx)} appears twice (heights {seen.GetValueOrDefault(TransactionCodec.HashOf(tx))} and {h})");
            }
            foreach (var (hash, reportedHeight) in committed)
                Assert.AreEqual(reportedHeight, seen.GetValueOrDefault(hash), $"tx {hash} was reported committed at {reportedHeight} (seed {seed})");
            await net.StopAndVerifyLedgersAsync();
            LogScan.AssertNoSecrets(net);
            Console.WriteLine($"soak: {Seconds} s, {kills} kill -9s, {committed.Count} committed txs checked, {height} blocks, seed {seed}, data lost: 0");
        }
        catch
        {
            Console.WriteLine($"soak seed {seed}, {kills} kills, {committed.Count} committed");
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    // One member sends transfers in nonce order through random live nodes. A tx is retried (same
    // bytes) until some node reports it committed, so a node dying with it in its mempool loses nothing.
    private static async Task SenderAsync(LocalNetwork net, int member, int seed, Func<int> down, ConcurrentDictionary<Hash32, ulong> committed, CancellationToken stop)
    {
        var random = new Random(seed);
        var to = net.Members[(member + 1) % net.Members.Length].Address;
        while (!stop.IsCancellationRequested)
        {
            var tx = net.Transfer(member, to, 1);
            var hash = TransactionCodec.HashOf(tx);
            while (true)
            {
                var node = PickLive(random, net.Nodes.Length, down());
                try
                {
                    await net.Clients[node].SubmitTxAsync(tx, CancellationToken.None);
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.AlreadyExists or StatusCode.DeadlineExceeded or StatusCode.FailedPrecondition)
                {
                    // down, already known, or (nonce_taken) pending elsewhere: the status check decides
                }
                var result = await CommittedWithinAsync(net, random, down, hash, TimeSpan.FromSeconds(6));
                if (result is { } height)
                {
                    committed[hash] = height;
                    break;
                }
                if (stop.IsCancellationRequested)
                    return; // an unconfirmed last tx is not counted either way
            }
        }
    }

    private static async Task<ulong?> CommittedWithinAsync(LocalNetwork net, Random random, Func<int> down, Hash32 hash, TimeSpan limit)
    {
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var tx = await net.Clients[PickLive(random, net.Nodes.Length, down())].GetTxAsync(hash.ToArray());
                if (tx.Status == TxStatus.Committed)
                    return tx.BlockHeight;
                Assert.AreNotEqual(TxStatus.Failed, tx.Status, $"transfer {hash} failed: {tx.Receipt?.Error}");
            }
            catch (RpcException)
            {
                // not known to that node yet, or the node just died
            }
            await poll.WaitForNextTickAsync();
        }
        return null;
    }

    private static int PickLive(Random random, int count, int down)
    {
        int node;
        do
            node = random.Next(count);
        while (node == down);
        return node;
    }

    private static async Task<ulong> WaitForAgreementAsync(LocalNetwork net)
    {
        var target = (await Task.WhenAll(Enumerable.Range(0, 4).Select(async i => (await Eventually.Async(() => net.StatusAsync(i)!, s => s is not null, LocalNetwork.Patience, $"validator {i} to answer")).Height))).Max();
        for (var i = 0; i < 4; i++)
            await net.WaitForHeightAsync(i, target);
        return target;
    }

    private static async Task Delay(int milliseconds, CancellationToken cancel)
    {
        try
        {
            await Task.Delay(milliseconds, cancel);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
