using System.Text.RegularExpressions;
using ChainNode.Integration.Tests.Network;
using ChainNode.Node.Home;

namespace ChainNode.Integration.Tests.Faults;

/// <summary>Checks that no node log holds a private key (validator or member) in hex, in either case.</summary>
internal static class LogScan
{
    public static void AssertNoSecrets(LocalNetwork net, params string[] alsoSecret)
    {
        var secrets = net.Nodes.Select(n => KeyFile.Read(Path.Combine(n.Home, "validator.key")).ToHex())
            .Concat(net.Members.Select(m => m.ToHex()))
            .Concat(alsoSecret)
            .ToList();
        foreach (var node in net.Nodes)
        {
            var log = File.ReadAllText(node.LogFile);
            Assert.IsTrue(log.Length > 0, $"{node.LogFile} is empty");
            foreach (var secret in secrets)
                Assert.IsFalse(log.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{node.LogFile} contains a secret");
            Assert.IsFalse(Regex.IsMatch(log, "(?i)private.?key|passphrase|password"), $"{node.LogFile} mentions key material");
        }
    }
}
