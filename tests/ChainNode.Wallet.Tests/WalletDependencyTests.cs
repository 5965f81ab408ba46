using System.Reflection;
using ChainNode.Wallet.Keys;

namespace ChainNode.Wallet.Tests;

/// <summary>The wallet and the assemblies it ships with never load the node's native bindings.</summary>
[TestClass]
public sealed class WalletDependencyTests
{
    [TestMethod]
    public void The_wallet_and_its_libraries_do_not_reference_the_native_ledger_assembly()
    {
        var wallet = typeof(WalletKey).Assembly;
        var shipped = wallet.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("ChainNode.", StringComparison.Ordinal)).Select(Assembly.Load).Append(wallet);
        foreach (var assembly in shipped)
        {
            var names = assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
            CollectionAssert.DoesNotContain(names, "ChainNode.Ledger", $"{assembly.GetName().Name} references ChainNode.Ledger (LevelDB and libsecp256k1 bindings)");
        }
        CollectionAssert.Contains(wallet.GetReferencedAssemblies().Select(a => a.Name).ToList(), "NBitcoin.Secp256k1");
    }
}
