using System.Net;
using ChainNode.Node.Hosting;

namespace ChainNode.Node.Tests.Hosting;

[TestClass]
public sealed class ConcurrencyGateTests
{
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
