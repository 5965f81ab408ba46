using System.Net;
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
            Assert.IsTrue((ulong)(budgets.InboundTotal + ConnectionBudgets.Reserve) <= limit, $"limit {limit}: {budgets}");
            foreach (var port in new[] { budgets.Public, budgets.Http, budgets.Peer })
                Assert.IsTrue(port.MaxPerAddress is >= 1 and <= 256 && port.MaxPerAddress <= port.MaxConnections, $"limit {limit}: {port}");
            Assert.IsTrue(budgets.EventStreams.MaxConnections <= budgets.Http.MaxConnections, $"limit {limit}: {budgets}");
        }
    }

    [TestMethod]
    public void A_limit_of_20000_gives_the_public_and_HTTP_ports_most_of_it_and_the_peers_a_tenth()
    {
        var budgets = ConnectionBudgets.Derive(20_000, 4, new NodeConfig.ConnectionSection(), new NodeConfig.ApiSection(), cores: 2);
        Assert.AreEqual(new PortBudget(1_897, 16), budgets.Peer);
        Assert.AreEqual(new PortBudget(8_539, 256), budgets.Public);
        Assert.AreEqual(new PortBudget(8_539, 256), budgets.Http);
        Assert.AreEqual(new PortBudget(4_269, 128), budgets.EventStreams);
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

    [TestMethod]
    public void The_gate_refuses_past_the_per_address_and_total_bounds_and_frees_a_slot_on_close()
    {
        var gate = new ConcurrencyGate(new PortBudget(3, 2));
        var a = IPAddress.Parse("127.0.0.2");
        var b = IPAddress.Parse("127.0.0.3");
        var first = gate.TryEnter(a, out _);
        Assert.IsNotNull(gate.TryEnter(a, out _));
        Assert.IsNull(gate.TryEnter(a, out var refusal));
        Assert.AreEqual(ConcurrencyGate.Refusal.PerAddress, refusal);
        Assert.IsNotNull(gate.TryEnter(b, out _));
        Assert.IsNull(gate.TryEnter(b, out refusal));
        Assert.AreEqual(ConcurrencyGate.Refusal.Total, refusal);
        first!.Dispose();
        first.Dispose(); // twice frees one slot only
        Assert.AreEqual(2, gate.Open);
        Assert.IsNotNull(gate.TryEnter(IPAddress.Parse("::ffff:127.0.0.2"), out _), "an IPv4-mapped address counts as its IPv4 one");
        Assert.IsNull(gate.TryEnter(a, out _));
    }

    [TestMethod]
    public void Reserved_addresses_get_in_when_strangers_filled_the_port()
    {
        var peer = IPAddress.Parse("10.0.0.5");
        var gate = new ConcurrencyGate(new PortBudget(1, 1), new HashSet<IPAddress> { peer }, new PortBudget(2, 2));
        Assert.IsNotNull(gate.TryEnter(IPAddress.Parse("127.0.0.9"), out _));
        Assert.IsNull(gate.TryEnter(IPAddress.Parse("127.0.0.10"), out _));
        Assert.IsNotNull(gate.TryEnter(peer, out _));
        Assert.IsNotNull(gate.TryEnter(peer, out _));
        Assert.IsNull(gate.TryEnter(peer, out _));
    }
}
