using ChainNode.Node.Configuration;
using ChainNode.Testing;

namespace ChainNode.Node.Tests.Configuration;

[TestClass]
public sealed class NodeConfigConsensusTests
{
    private static NodeConfig Valid() => new() { PeerListen = "127.0.0.1:1", ApiListen = "127.0.0.1:2", HttpListen = "127.0.0.1:3" };

    private static NodeConfig RoundTrip(NodeConfig config)
    {
        using var directory = new TempDirectory("config");
        var path = Path.Combine(directory.Path, "config.json");
        NodeConfigFile.Save(path, config);
        return NodeConfigFile.Load(path);
    }

    [TestMethod]
    public void Empty_blocks_are_on_by_default_and_the_setting_round_trips()
    {
        Assert.IsTrue(RoundTrip(Valid()).Consensus.CreateEmptyBlocks);
        var off = Valid();
        off.Consensus.CreateEmptyBlocks = false;
        off.Consensus.EmptyBlockIntervalSeconds = 3600;
        var loaded = RoundTrip(off);
        Assert.IsFalse(loaded.Consensus.CreateEmptyBlocks);
        Assert.AreEqual(3600, loaded.Consensus.EmptyBlockIntervalSeconds);
    }

    [TestMethod]
    public void An_idle_interval_with_empty_blocks_on_is_refused_by_its_field_name()
    {
        var config = Valid();
        config.Consensus.EmptyBlockIntervalSeconds = 60;
        var error = Assert.ThrowsExactly<CommandException>(() => RoundTrip(config));
        StringAssert.Contains(error.Message, "consensus.emptyBlockIntervalSeconds: applies only with createEmptyBlocks false");
    }

    [TestMethod]
    public void A_negative_idle_interval_is_refused_by_its_field_name()
    {
        var config = Valid();
        config.Consensus.CreateEmptyBlocks = false;
        config.Consensus.EmptyBlockIntervalSeconds = -1;
        var error = Assert.ThrowsExactly<CommandException>(() => RoundTrip(config));
        StringAssert.Contains(error.Message, "consensus.emptyBlockIntervalSeconds: -1 is outside 0..86400");
    }
}
