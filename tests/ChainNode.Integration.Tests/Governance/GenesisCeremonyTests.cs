using System.Text.Json;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Governance;
using ChainNode.Node.Configuration;
using ChainNode.Node.Home;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Governance;

/// <summary>
/// keygen, genesis new and join run as an operator runs them (separate processes, separate
/// folders): no command ever sees another validator's private key.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class GenesisCeremonyTests
{
    private static readonly string Admin = PrivateKey.FromInsecureSeed("ceremony-admin").Address.ToString();

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Keygen_makes_a_home_and_prints_a_public_key_peer_address_and_a_proof_that_verifies()
    {
        using var dir = new TempDirectory("keygen");
        var made = await KeygenAsync(dir.Combine("org"), 27400);
        Assert.AreEqual("127.0.0.1:27400", made.PeerAddress);
        Assert.AreEqual("127.0.0.1:27500", made.ApiListen);
        Assert.IsNull(ProofOfPossession.FindProblem(PublicKey.FromHex(made.PublicKey), Convert.FromHexString(made.ProofOfPossession)));
        var home = new NodeHome(made.Home);
        Assert.AreEqual(made.PublicKey, KeyFile.Read(home.Resolve("validator.key")).PublicKey.ToString(), "the printed key is the home's key");
        Assert.AreEqual("127.0.0.1:27400", NodeConfigFile.Load(home.ConfigFile).PeerListen);
        Assert.IsFalse(File.Exists(home.GenesisFile), "genesis does not exist yet at keygen time");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Keygen_refuses_a_folder_that_is_not_empty()
    {
        using var dir = new TempDirectory("keygen");
        File.WriteAllText(dir.Combine("something"), "x");
        var result = await ChainnodeProcess.RunAsync("keygen", "--out", dir.Path);
        Assert.AreEqual(2, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardError, "already exists and is not empty");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Genesis_new_assembles_public_parts_into_a_genesis_that_check_genesis_accepts()
    {
        using var dir = new TempDirectory("ceremony");
        var validators = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var made = await KeygenAsync(dir.Combine($"org-{i}"), 27400 + i);
            validators.Add($"org-{i},{made.PublicKey},{made.PeerAddress},{made.ProofOfPossession}");
        }
        var path = dir.Combine("genesis.json");
        var result = await GenesisNewAsync(validators, path, "--threshold", "1", "--proposal-lifetime", "500");
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        StringAssert.Contains(result.StandardOutput, "every proof of possession checked");

        var genesis = GenesisLoader.LoadFile(path);
        Assert.AreEqual(4, genesis.Validators.Count);
        Assert.AreEqual((1U, 500UL), (genesis.Governance.Threshold, genesis.Governance.ProposalLifetimeBlocks));
        Assert.AreEqual(0, (await ChainnodeProcess.RunAsync("check-genesis", path)).ExitCode);

        // Each organisation's home takes the shared file the way `run --genesis` installs it.
        var home = new NodeHome(dir.Combine("org-2"));
        home.InstallGenesis(path);
        home.InstallGenesis(path); // the same chain again is fine
        home.RequireRunnable();
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Genesis_new_refuses_a_proof_of_possession_made_with_another_key_and_names_the_validator()
    {
        using var dir = new TempDirectory("ceremony");
        var a = await KeygenAsync(dir.Combine("org-a"), 27400);
        var b = await KeygenAsync(dir.Combine("org-b"), 27401);
        var path = dir.Combine("genesis.json");
        var result = await GenesisNewAsync(
            [$"org-a,{a.PublicKey},{a.PeerAddress},{a.ProofOfPossession}", $"org-b,{b.PublicKey},{b.PeerAddress},{a.ProofOfPossession}"], path);
        Assert.AreEqual(2, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardError, "validators[1].proofOfPossession: validator 'org-b': the proof of possession does not verify");
        Assert.IsFalse(File.Exists(path), "nothing is written when a proof fails");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Genesis_new_refuses_a_validator_argument_without_its_four_fields()
    {
        using var dir = new TempDirectory("ceremony");
        var result = await GenesisNewAsync(["org-a,02abcd"], dir.Combine("genesis.json"));
        Assert.AreEqual(2, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardError, "--validator 'org-a,02abcd' must be NAME,PUBKEY,PEER,POP");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Check_genesis_refuses_a_wrong_proof_of_possession_when_one_is_given()
    {
        using var dir = new TempDirectory("ceremony");
        var network = new TestNetwork();
        var document = network.Document;
        document.Validators![0].ProofOfPossession = Convert.ToHexStringLower(ProofOfPossession.Create(network.ValidatorKeys[0]));
        document.Validators![1].ProofOfPossession = Convert.ToHexStringLower(ProofOfPossession.Create(network.ValidatorKeys[0]));
        var path = dir.Combine("genesis.json");
        File.WriteAllText(path, GenesisLoader.Serialize(document));
        var result = await ChainnodeProcess.RunAsync("check-genesis", path);
        Assert.AreEqual(1, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, "validators[1].proofOfPossession: validator 'validator-1'");
        Assert.DoesNotContain("validators[0]", result.StandardOutput);
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Join_makes_a_home_for_the_network_with_the_genesis_validators_as_first_peers()
    {
        using var dir = new TempDirectory("join");
        var network = new TestNetwork();
        var genesisPath = dir.Combine("genesis.json");
        File.WriteAllText(genesisPath, GenesisLoader.Serialize(network.Document));
        var result = await ChainnodeProcess.RunAsync("join", "--genesis", genesisPath, "--out", dir.Combine("new"), "--base-port", "27410", "--json");
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.AreEqual("127.0.0.1:27410", root.GetProperty("peerAddress").GetString());
        Assert.AreEqual(TestNetwork.ChainId, root.GetProperty("chainId").GetString());
        var key = PublicKey.FromHex(root.GetProperty("publicKey").GetString()!);
        Assert.IsNull(ProofOfPossession.FindProblem(key, Convert.FromHexString(root.GetProperty("proofOfPossession").GetString()!)));

        var home = new NodeHome(dir.Combine("new"));
        home.RequireRunnable();
        var bootstrap = NodeConfigFile.Load(home.ConfigFile).Peers.Bootstrap;
        CollectionAssert.AreEqual(network.ValidatorKeys.Select(k => k.PublicKey.ToString()).ToArray(), bootstrap.Select(p => p.PublicKey).ToArray());
        Assert.AreEqual("127.0.0.1:27000", bootstrap[0].NetworkAddress);
        Assert.AreEqual(GenesisLoader.LoadFile(genesisPath).ChainId, GenesisLoader.LoadFile(home.GenesisFile).ChainId);
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Join_refuses_a_peer_address_a_genesis_validator_already_listens_on()
    {
        using var dir = new TempDirectory("join");
        var genesisPath = dir.Combine("genesis.json");
        File.WriteAllText(genesisPath, GenesisLoader.Serialize(new TestNetwork().Document));
        var result = await ChainnodeProcess.RunAsync("join", "--genesis", genesisPath, "--out", dir.Combine("new"), "--base-port", "27001");
        Assert.AreEqual(2, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardError, "127.0.0.1:27001 is validator 'validator-1''s peer address in genesis");
        Assert.IsFalse(Directory.Exists(dir.Combine("new")));
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public void A_home_refuses_the_genesis_of_a_different_chain()
    {
        using var dir = new TempDirectory("install-genesis");
        var first = new TestNetwork();
        var other = new TestNetwork(validators: 5);
        File.WriteAllText(dir.Combine("first.json"), GenesisLoader.Serialize(first.Document));
        File.WriteAllText(dir.Combine("other.json"), GenesisLoader.Serialize(other.Document));
        var home = new NodeHome(dir.Combine("home"));
        Directory.CreateDirectory(home.Path);
        home.InstallGenesis(dir.Combine("first.json"));
        var error = Assert.ThrowsExactly<ChainNode.Node.CommandException>(() => home.InstallGenesis(dir.Combine("other.json")));
        StringAssert.Contains(error.Message, "a home belongs to one chain");
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Keygen(string Home, string PublicKey, string PeerAddress, string ProofOfPossession, string ApiListen, string HttpListen);

    private static async Task<Keygen> KeygenAsync(string home, int basePort)
    {
        var result = await ChainnodeProcess.RunAsync("keygen", "--out", home, "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        return JsonSerializer.Deserialize<Keygen>(result.StandardOutput, Web)!;
    }

    private static Task<ProcessRunner.Result> GenesisNewAsync(IEnumerable<string> validators, string path, params string[] extra) =>
        ChainnodeProcess.RunAsync(["genesis", "new", "--chain-id", "ceremony-test", .. validators.SelectMany(v => new[] { "--validator", v }),
            "--member", $"{Admin},1000000", "--admin", Admin, "--out", path, .. extra]);
}
