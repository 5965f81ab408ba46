using System.Net;
using ChainNode.Integration.Tests.Network;
using ChainNode.Ledger.Transactions;
using ChainNode.Rpc.Api;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Explorer;

/// <summary>
/// /api/blocks reads and decodes whole blocks: one client asking for page after page of old
/// blocks must hit a per-address budget, while a dashboard refreshing the newest page is served
/// from cached summaries.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class ExplorerBlockListCostTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_client_reading_more_uncached_blocks_than_its_budget_gets_429_while_a_refreshing_page_is_served_from_the_cache()
    {
        await using var net = await LocalNetwork.StartAsync(configure: (_, config) => config.Api.ExplorerBlockReadsPerSecond = 0.5);
        try
        {
            for (var i = 0; i < 12; i++)
            {
                var tx = net.Transfer(0, net.Members[1].Address, 1);
                await net.Clients[0].SubmitTxAsync(tx);
                var hash = TransactionCodec.HashOf(tx).ToArray();
                await Eventually.Async(async () => (await net.Clients[0].GetTxAsync(hash)).Status == TxStatus.Committed, LocalNetwork.Patience, $"transfer {i} to commit");
            }
            var height = (await net.StatusAsync(0)).Height;
            Assert.IsTrue(height >= 12, $"height {height}");
            var blocks = new Uri(new Uri(net.Description.Nodes[0].HttpUrl), "/api/blocks?limit=100");

            using var reader = ClientFrom("127.0.0.2");
            using var heavy = await reader.GetAsync(blocks);
            var body = await heavy.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.TooManyRequests, heavy.StatusCode, $"a page of {height} uncached blocks was served past a budget of 1: {body}");
            StringAssert.Contains(body, "rate_limited");

            // The newest page is cached now (the refused request decoded the first of it): a
            // dashboard from another address refreshing it again and again is not limited.
            var newest = new Uri(new Uri(net.Description.Nodes[0].HttpUrl), $"/api/blocks?before={height + 1}&limit=1");
            using var dashboard = ClientFrom("127.0.0.3");
            for (var i = 0; i < 10; i++)
            {
                using var page = await dashboard.GetAsync(newest);
                Assert.AreEqual(HttpStatusCode.OK, page.StatusCode, $"refresh {i}: {await page.Content.ReadAsStringAsync()}");
            }
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    private static HttpClient ClientFrom(string source) => new(SourceAddress.Handler(source));
}
