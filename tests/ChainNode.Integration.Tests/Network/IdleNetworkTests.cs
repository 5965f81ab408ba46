using ChainNode.Rpc.Api;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Network;

/// <summary>Four validators with createEmptyBlocks off: an idle network writes nothing, stays healthy, and commits a tx promptly.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class IdleNetworkTests
{
    // Longer than two empty-block heartbeats (1 s each) and than the view-change timeout (2 s):
    // without the rule, an idle spell this long writes blocks or changes view.
    private const long IdleWindowMs = 5_000;

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task An_idle_network_without_empty_blocks_writes_no_block_and_keeps_its_primary_then_commits_a_transfer()
    {
        await using var net = await LocalNetwork.StartAsync(configure: (_, config) => config.Consensus.CreateEmptyBlocks = false);
        try
        {
            var before = await net.StatusAsync(0);
            // The observation window is read from node 0's own clock (when it last heard each peer),
            // so the test waits for a condition, not for a sleep: the window has passed once node 0
            // has heard its peers IdleWindowMs after the head block's timestamp.
            var after = await Eventually.Async(() => net.StatusAsync(0)!,
                s => s is not null && s.Peers.Count > 0 && s.Peers.Min(p => p.LastSeenUnixMs) - before.HeadTimestampMs >= IdleWindowMs,
                LocalNetwork.Patience, $"node 0 to hear its peers {IdleWindowMs} ms after the head block");
            Assert.AreEqual(before.Height, after.Height, "no block while idle");
            Assert.IsTrue(after.View == 0 && after.ViewActive, $"the idle primary keeps its view (view {after.View}, active {after.ViewActive})");

            using var http = new HttpClient { BaseAddress = new Uri(net.Description.Nodes[1].HttpUrl) };
            Assert.AreEqual(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode, "healthy while idle");
            Assert.AreEqual(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/api/blocks", UriKind.Relative))).StatusCode, "the explorer answers");

            var receipt = await LocalNetwork.CommitAsync(net.Clients[2], net.Transfer(0, net.Members[1].Address, 5));
            Assert.AreEqual(TxStatus.Committed, receipt.Status);
            var committed = await net.StatusAsync(2);
            Assert.AreEqual(before.Height + 1, committed.Height, "the transfer's block is the only new one");
            Assert.AreEqual(0UL, committed.View, "no view change before the transfer committed");
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }
}
