using System.Text.Json;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Network;

/// <summary>chain-wallet, run as a process the way a member would, against a live 4-validator network.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class WalletEndToEndTests
{
    private sealed class Wallet(string home, string node)
    {
        private static readonly string Dll = WalletBinary.Dll;

        public async Task<(int Exit, JsonElement Json, string Error)> RunAsync(params string[] arguments)
        {
            var result = await ProcessRunner.RunAsync("dotnet", [Dll, .. arguments, "--json"], TimeSpan.FromSeconds(120), new Dictionary<string, string>
            {
                ["CHAIN_WALLET_HOME"] = home,
                ["CHAIN_WALLET_NODE"] = node,
                ["CHAIN_WALLET_PASSWORD"] = "wallet-test-passphrase",
            });
            var text = result.StandardOutput.Trim();
            var json = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
            return (result.ExitCode, json, result.StandardError);
        }

        public async Task<JsonElement> OkAsync(params string[] arguments)
        {
            var (exit, json, error) = await RunAsync(arguments);
            Assert.AreEqual(0, exit, $"chain-wallet {string.Join(' ', arguments)} failed: {error}");
            return json;
        }
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_member_imports_keys_transfers_deploys_the_token_and_reads_a_revert_reason()
    {
        await using var net = await LocalNetwork.StartAsync();
        using var home = new TempDirectory("chain-wallet");
        var wallet = new Wallet(home.Path, net.Description.Nodes[1].ApiUrl);
        try
        {
            var imported = await wallet.OkAsync("key", "import", "--network", net.Folder);
            Assert.AreEqual(4, imported.GetProperty("keys").GetArrayLength());
            var alice = (await wallet.OkAsync("key", "new", "--name", "alice")).GetProperty("address").GetString()!;

            var transfer = await wallet.OkAsync("transfer", "--from", "member-0", "--to", "alice", "--amount", "1234", "--wait");
            Assert.AreEqual("committed", transfer.GetProperty("status").GetString());
            Assert.AreEqual(1234UL, (await wallet.OkAsync("balance", alice)).GetProperty("balance").GetUInt64());
            var initial = net.Description.Members[0].Balance;
            Assert.AreEqual(initial - 1234, (await wallet.OkAsync("balance", "member-0")).GetProperty("balance").GetUInt64());

            var token = Path.Combine(RepoPaths.Root, "contracts", "examples", "token.ccl");
            var compiled = await wallet.OkAsync("contract", "compile", token);
            Assert.IsTrue(compiled.GetProperty("bytecode").GetString()!.StartsWith("434e564d", StringComparison.Ordinal)); // "CNVM"
            var deployed = await wallet.OkAsync("contract", "deploy", token, "--from", "member-0", "--args", "1000", "--wait");
            var contract = deployed.GetProperty("contractAddress").GetString()!;
            var sent = await wallet.OkAsync("contract", "call", "--from", "member-0", "--contract", contract, "--function", "transfer", "--args", "alice", "300", "--wait");
            Assert.AreEqual("committed", sent.GetProperty("status").GetString());
            Assert.AreEqual("300", (await wallet.OkAsync("contract", "query", "--contract", contract, "--function", "balanceOf", "--args", "alice")).GetProperty("result").GetString());
            Assert.AreEqual(contract, (await wallet.OkAsync("account", contract)).GetProperty("address").GetString());

            var (exit, reverted, _) = await wallet.RunAsync("contract", "call", "--from", "member-1", "--contract", contract, "--function", "transfer", "--args", "member-0", "5", "--wait");
            Assert.AreEqual(1, exit, "a reverted call exits 1");
            Assert.AreEqual("failed", reverted.GetProperty("status").GetString());
            var receipt = await wallet.RunAsync("tx", reverted.GetProperty("hash").GetString()!);
            Assert.AreEqual("reverted: insufficient token balance", receipt.Json.GetProperty("error").GetString());

            var (refusedExit, _, refusal) = await wallet.RunAsync("transfer", "--from", "alice", "--to", "member-0", "--amount", "1");
            Assert.AreEqual(3, refusedExit);
            StringAssert.Contains(JsonDocument.Parse(refusal).RootElement.GetProperty("error").GetString(), "rejected: not member:");

            var (wrongExit, _, wrong) = await wallet.RunAsync("key", "export", "alice", "--password-file", Path.Combine(net.Folder, "genesis.json"));
            Assert.AreEqual(6, wrongExit);
            StringAssert.Contains(JsonDocument.Parse(wrong).RootElement.GetProperty("error").GetString(), "wrong passphrase for key 'alice'");

            var (downExit, _, down) = await wallet.RunAsync("status", "--node", "http://127.0.0.1:1");
            Assert.AreEqual(4, downExit);
            StringAssert.Contains(JsonDocument.Parse(down).RootElement.GetProperty("error").GetString(), "node unreachable at http://127.0.0.1:1/");
            Assert.AreEqual(net.Genesis.ChainId, (await wallet.OkAsync("status")).GetProperty("chainId").GetString());
            Assert.IsTrue((await wallet.OkAsync("block", "latest")).GetProperty("signers").GetArrayLength() >= 3);
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task An_operator_reads_the_validators_members_and_proposals_and_the_admin_adds_a_member_and_removes_a_validator()
    {
        await using var net = await LocalNetwork.StartAsync();
        using var home = new TempDirectory("chain-wallet");
        var wallet = new Wallet(home.Path, net.Description.Nodes[2].ApiUrl);
        try
        {
            var validators = await wallet.OkAsync("validators");
            var epoch = validators.GetProperty("epoch");
            Assert.AreEqual(1UL, epoch.GetProperty("startHeight").GetUInt64());
            Assert.AreEqual(3U, epoch.GetProperty("quorum").GetUInt32());
            var names = epoch.GetProperty("validators").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToArray();
            CollectionAssert.AreEqual(net.Genesis.Validators.Validators.Select(v => v.Name).ToArray(), names);
            Assert.AreEqual(JsonValueKind.Null, validators.GetProperty("nextEpoch").ValueKind);
            Assert.AreEqual(1UL, (await wallet.OkAsync("validators", "--height", "1")).GetProperty("height").GetUInt64());

            var members = await wallet.OkAsync("members");
            Assert.AreEqual(net.Description.Members.Count, members.GetProperty("members").GetArrayLength());
            Assert.AreEqual(net.Description.Members[0].Address, members.GetProperty("admins")[0].GetString());
            Assert.AreEqual(1U, members.GetProperty("threshold").GetUInt32());

            Assert.AreEqual(0, (await wallet.OkAsync("admin", "proposals", "--all")).GetProperty("proposals").GetArrayLength());
            var (exit, _, error) = await wallet.RunAsync("validators", "--height", "999999");
            Assert.AreEqual(3, exit, "a height above the head is refused by the node");
            StringAssert.Contains(error, "is above the head");

            // The devnet's one admin (member-0, threshold 1) governs with one command each.
            await wallet.OkAsync("key", "import", "--network", net.Folder);
            var alice = (await wallet.OkAsync("key", "new", "--name", "alice")).GetProperty("address").GetString()!;
            var added = (await wallet.OkAsync("admin", "member", "add", alice, "--from", "member-0")).GetProperty("proposal");
            Assert.AreEqual("executed", added.GetProperty("status").GetString());
            StringAssert.StartsWith(added.GetProperty("statusLine").GetString(), "executed at height ");
            Assert.IsTrue((await wallet.OkAsync("members")).GetProperty("members").EnumerateArray().Any(m => m.GetProperty("address").GetString() == alice));

            var removed = (await wallet.OkAsync("admin", "validator", "remove", "validator-3", "--from", "member-0", "--wait")).GetProperty("proposal");
            var takesEffect = removed.GetProperty("takesEffectHeight").GetUInt64();
            StringAssert.Contains(removed.GetProperty("statusLine").GetString(), $"takes effect at height {takesEffect}");
            await net.WaitForHeightAsync(2, takesEffect);
            var after = (await wallet.OkAsync("validators", "--height", takesEffect.ToString(System.Globalization.CultureInfo.InvariantCulture))).GetProperty("epoch");
            Assert.AreEqual(takesEffect, after.GetProperty("startHeight").GetUInt64());
            Assert.AreEqual(3, after.GetProperty("validators").GetArrayLength());
            Assert.AreEqual(2, (await wallet.OkAsync("admin", "proposals", "--all")).GetProperty("proposals").GetArrayLength());
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }
}
