using System.Text.Json;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Network;

/// <summary>
/// chain-wallet needs no native code: run in a mount namespace where libsecp256k1.so.1 is an
/// empty file, it still makes keys, signs a transfer the node accepts, and reads it back.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class PortableWalletTests
{
    private static readonly string WalletDll = WalletBinary.Dll;
    private static readonly string ChainnodeDll = Path.Combine(AppContext.BaseDirectory, "chainnode.dll");
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>Runs a command in a fresh private mount namespace with <paramref name="library"/> covered by an empty file.</summary>
    private sealed class HiddenLibrary(string library, string emptyFile)
    {
        public Task<ProcessRunner.Result> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] command) =>
            ProcessRunner.RunAsync("unshare", ["-m", "sh", "-c", "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\"", "sh", emptyFile, library, .. command], Limit, environment);
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task The_wallet_signs_submits_and_reads_a_transfer_on_a_machine_without_libsecp256k1()
    {
        var library = await FindLibsecp256k1Async();
        using var scratch = new TempDirectory("portable-wallet");
        var empty = scratch.Combine("empty");
        await File.WriteAllBytesAsync(empty, []);
        var hidden = new HiddenLibrary(library, empty);
        ProcessRunner.Result probe;
        try
        {
            probe = await hidden.RunAsync(null, "stat", "-L", "-c", "%s", library);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Inconclusive($"unshare is not available here: {e.Message}");
            return;
        }
        if (probe.ExitCode != 0)
            Assert.Inconclusive($"cannot hide {library} in a private mount namespace (needs root and unshare -m): {probe.StandardError.Trim()}");
        Assert.AreEqual("0", probe.StandardOutput.Trim(), "inside the namespace the library should be an empty file");

        // Control: in the same kind of namespace, the node's native signer really cannot load.
        var control = await hidden.RunAsync(null, "dotnet", ChainnodeDll, "keygen", "--out", scratch.Combine("probe-home"), "--json");
        Assert.AreNotEqual(0, control.ExitCode, $"chainnode keygen worked with libsecp256k1 hidden, so the test would prove nothing: {control.StandardOutput}");
        StringAssert.Contains(control.StandardError, "libsecp256k1");

        await using var net = await LocalNetwork.StartAsync(validators: 1, members: 2);
        var environment = new Dictionary<string, string>
        {
            ["CHAIN_WALLET_HOME"] = scratch.Combine("wallet"),
            ["CHAIN_WALLET_NODE"] = net.Description.Nodes[0].ApiUrl,
            ["CHAIN_WALLET_PASSWORD"] = "portable-wallet-passphrase",
        };
        async Task<JsonElement> Wallet(params string[] arguments)
        {
            var result = await hidden.RunAsync(environment, ["dotnet", WalletDll, .. arguments, "--json"]);
            Assert.AreEqual(0, result.ExitCode, $"chain-wallet {string.Join(' ', arguments)} failed without libsecp256k1: {result.StandardError}");
            return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
        }

        await Wallet("key", "import", "--network", net.Folder);
        var bob = (await Wallet("key", "new", "--name", "bob")).GetProperty("address").GetString()!;
        var transfer = await Wallet("transfer", "--from", "member-0", "--to", "bob", "--amount", "777", "--wait");
        Assert.AreEqual("committed", transfer.GetProperty("status").GetString());
        var hash = transfer.GetProperty("hash").GetString()!;
        var read = await Wallet("tx", hash);
        Assert.AreEqual("committed", read.GetProperty("status").GetString());
        Assert.AreEqual(bob, read.GetProperty("to").GetString());
        Assert.AreEqual(777UL, (await Wallet("balance", "bob")).GetProperty("balance").GetUInt64());
    }

    /// <summary>The file the dynamic loader opens for libsecp256k1.so.1, symlinks resolved.</summary>
    private static async Task<string> FindLibsecp256k1Async()
    {
        var listing = await ProcessRunner.RunAsync("ldconfig", ["-p"], Limit);
        var line = listing.StandardOutput.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("libsecp256k1.so.1 ", StringComparison.Ordinal));
        if (line is null)
            Assert.Inconclusive("libsecp256k1.so.1 is not installed, so there is nothing to hide");
        var path = line[(line.LastIndexOf("=> ", StringComparison.Ordinal) + 3)..].Trim();
        return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
    }
}
