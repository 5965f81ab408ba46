using ChainNode.Node.Configuration;

namespace ChainNode.Node.Tests.Configuration;

[TestClass]
public sealed class NetworkLayoutTests
{
    [TestMethod]
    public void A_layout_applies_its_configuration_change_to_every_node_it_writes_and_leaves_the_defaults_otherwise()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"layout-{Guid.NewGuid():N}");
        var plain = directory + "-plain";
        try
        {
            new NetworkLayout { Validators = 2, BasePort = 41_000, Configure = config => config.Api.SubmitRatePerSecond = 123_456 }.Write(directory);
            new NetworkLayout { Validators = 1, BasePort = 41_000 }.Write(plain);

            foreach (var node in new[] { 0, 1 })
                Assert.AreEqual(123_456, NodeConfigFile.Load(Path.Combine(directory, NetworkLayout.NodeFolder(node), "config.json")).Api.SubmitRatePerSecond);
            Assert.AreEqual(new NodeConfig().Api.SubmitRatePerSecond, NodeConfigFile.Load(Path.Combine(plain, NetworkLayout.NodeFolder(0), "config.json")).Api.SubmitRatePerSecond);
        }
        finally
        {
            foreach (var folder in new[] { directory, plain })
                if (Directory.Exists(folder))
                    Directory.Delete(folder, recursive: true);
        }
    }
}
