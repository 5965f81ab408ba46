using ChainNode.Node.Configuration;
using ChainNode.Node.Hosting;

namespace ChainNode.Node.Tests.Hosting;

[TestClass]
public sealed class ConnectionBudgetsTests
{
    [TestMethod]
    public void Default_budgets_stay_below_the_descriptor_limit_with_the_reserve_kept()
    {
        foreach (var limit in new ulong[] { 4_096, 20_000, 65_536, 1_048_576 })
        {
            var budgets = ConnectionBudgets.Derive(limit, 4, new NodeConfig.ConnectionSection(), new NodeConfig.ApiSection(), cores: 2);
            Assert.IsTrue((ulong)budgets.InboundTotal + ConnectionBudgets.ReserveFor(limit) <= limit, $"limit {limit}: {budgets}");
            foreach (var port in new[] { budgets.Public, budgets.Http, budgets.Peer })
                Assert.IsTrue(port.MaxPerAddress is >= 1 and <= 256 && port.MaxPerAddress <= port.MaxConnections, $"limit {limit}: {port}");
            Assert.IsTrue(budgets.EventStreams.MaxConnections <= budgets.Http.MaxConnections, $"limit {limit}: {budgets}");
        }
    }

    [TestMethod]
    public void A_limit_of_20000_keeps_an_eighth_gives_the_peers_a_tenth_of_the_rest_and_splits_the_others_between_public_and_HTTP()
    {
        var budgets = ConnectionBudgets.Derive(20_000, 4, new NodeConfig.ConnectionSection(), new NodeConfig.ApiSection(), cores: 2);
        Assert.AreEqual(2_500UL, ConnectionBudgets.ReserveFor(20_000));
        Assert.AreEqual(new PortBudget(1_750, 16), budgets.Peer);
        Assert.AreEqual(new PortBudget(7_875, 256), budgets.Public);
        Assert.AreEqual(new PortBudget(7_875, 256), budgets.Http);
        Assert.AreEqual(new PortBudget(3_937, 128), budgets.EventStreams);
        Assert.AreEqual((1, 1), (budgets.QueriesInFlight, budgets.QueriesPerAddress));
    }

    [TestMethod]
    public void A_tiny_descriptor_limit_still_leaves_every_port_a_small_budget()
    {
        var budgets = ConnectionBudgets.Derive(256, 4, new NodeConfig.ConnectionSection(), new NodeConfig.ApiSection(), cores: 2);
        Assert.AreEqual(new PortBudget(16, 4), budgets.Public);
        Assert.AreEqual(new PortBudget(16, 4), budgets.Peer);
    }

    [TestMethod]
    public void Limits_set_in_config_json_win_over_the_derived_ones()
    {
        var connections = new NodeConfig.ConnectionSection();
        (connections.Public.MaxConnections, connections.Public.MaxPerAddress) = (200, 50);
        var api = new NodeConfig.ApiSection { MaxEventStreams = 10, MaxEventStreamsPerAddress = 2, MaxQueriesInFlight = 3 };
        var budgets = ConnectionBudgets.Derive(20_000, 4, connections, api, cores: 2);
        Assert.AreEqual(new PortBudget(200, 50), budgets.Public);
        Assert.AreEqual(new PortBudget(10, 2), budgets.EventStreams);
        Assert.AreEqual(3, budgets.QueriesInFlight);
    }
}
