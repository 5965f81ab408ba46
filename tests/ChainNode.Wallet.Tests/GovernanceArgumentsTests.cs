using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Governance;
using ChainNode.Testing;
using ChainNode.Wallet.Cli;
using ChainNode.Wallet.Commands;
using ChainNode.Wallet.Keystore;

namespace ChainNode.Wallet.Tests;

/// <summary>Governance arguments are checked before anything is signed: every mistake is exit 2 with a clear message.</summary>
[TestClass]
public sealed class GovernanceArgumentsTests
{
    private static readonly PrivateKey NewValidator = PrivateKey.FromInsecureSeed("governance-args-validator");
    private static readonly string Pubkey = NewValidator.PublicKey.ToString();
    private static readonly string Proof = Convert.ToHexStringLower(ProofOfPossession.Create(NewValidator));

    [TestMethod]
    public void A_validator_add_carries_the_key_peer_and_proof_as_given()
    {
        var action = GovernanceArguments.ValidatorAdd("v4", Pubkey, "10.0.0.5:26600", Proof);
        Assert.AreEqual("v4", action.ValidatorAdd.Name);
        Assert.AreEqual("10.0.0.5:26600", action.ValidatorAdd.NetworkAddress);
        CollectionAssert.AreEqual(NewValidator.PublicKey.Span.ToArray(), action.ValidatorAdd.PublicKey.ToByteArray());
        Assert.AreEqual($"add validator v4 (key {Pubkey}, peer 10.0.0.5:26600)", GovernanceText.Describe(action));
    }

    [TestMethod]
    public void A_proof_made_by_another_key_is_refused_before_signing()
    {
        var other = Convert.ToHexStringLower(ProofOfPossession.Create(PrivateKey.FromInsecureSeed("someone-else")));
        Refused(() => GovernanceArguments.ValidatorAdd("v4", Pubkey, "10.0.0.5:26600", other), "--pop: the proof of possession does not verify");
        Refused(() => GovernanceArguments.ValidatorReplaceKey("v1", Pubkey, other), "--pop: the proof of possession does not verify");
        Refused(() => GovernanceArguments.ValidatorAdd("v4", Pubkey, "10.0.0.5:26600", "zz"), "--pop is not hex");
    }

    [TestMethod]
    public void Malformed_keys_peers_and_names_are_refused()
    {
        Refused(() => GovernanceArguments.ValidatorAdd("v4", "02abcd", "10.0.0.5:26600", Proof), "--pubkey: A public key is 33 bytes");
        Refused(() => GovernanceArguments.ValidatorAdd("v4", Pubkey, "10.0.0.5", Proof), "--peer '10.0.0.5' is not HOST:PORT");
        Refused(() => GovernanceArguments.ValidatorRemove(" v1"), "validator name ' v1' must be non-empty");
    }

    [TestMethod]
    public void A_member_address_with_a_typo_is_refused()
    {
        using var home = new TempDirectory("wallet-governance");
        var keys = new KeyStore(home.Path);
        var address = PrivateKey.FromInsecureSeed("member").Address.ToString();
        Assert.AreEqual(address, GovernanceText.AddressText(GovernanceArguments.MemberAdd(address, keys).MemberAdd));
        var typo = address[..^1] + (address[^1] == 'q' ? 'p' : 'q');
        Refused(() => GovernanceArguments.MemberAdd(typo, keys), "is not a valid address");
        Refused(() => GovernanceArguments.AdminRemove("nobody", keys), "neither an address");
    }

    [TestMethod]
    public void Parameters_take_key_value_pairs_with_the_genesis_names()
    {
        var action = GovernanceArguments.Parameters(["maxTxsPerBlock=2000", "gasPrice=1_000"]);
        Assert.AreEqual(2000U, action.Parameters.MaxTxsPerBlock);
        Assert.AreEqual(1000UL, action.Parameters.GasPrice);
        Assert.IsFalse(action.Parameters.HasCheckpointInterval, "fields not given stay unset");
        Assert.AreEqual("set maxTxsPerBlock=2000, gasPrice=1000", GovernanceText.Describe(action));
    }

    [TestMethod]
    public void Bad_parameter_assignments_are_refused_with_the_reason()
    {
        Refused(() => GovernanceArguments.Parameters(["blockSize=5"]), "unknown parameter 'blockSize'; the parameters are maxTxsPerBlock");
        Refused(() => GovernanceArguments.Parameters(["maxTxsPerBlock"]), "'maxTxsPerBlock' is not KEY=VALUE");
        Refused(() => GovernanceArguments.Parameters(["maxTxsPerBlock=-1"]), "the value must be a whole number");
        Refused(() => GovernanceArguments.Parameters(["maxTxsPerBlock=4294967296"]), "maxTxsPerBlock must be at most 4294967295");
        Refused(() => GovernanceArguments.Parameters(["gasPrice=1", "gasPrice=2"]), "gasPrice is given twice");
        Refused(() => GovernanceArguments.Parameters([]), "give at least one KEY=VALUE");
    }

    [TestMethod]
    public void Admin_admin_reaches_the_admins_command_and_nothing_else_is_rewritten()
    {
        CollectionAssert.AreEqual(new[] { "admin", "admins", "add", "x" }, AdminCommands.Normalize(["admin", "admin", "add", "x"]));
        CollectionAssert.AreEqual(new[] { "--node", "http://h:1", "--json", "admin", "admins", "remove", "x" },
            AdminCommands.Normalize(["--node", "http://h:1", "--json", "admin", "admin", "remove", "x"]));
        CollectionAssert.AreEqual(new[] { "admin", "member", "add", "admin" }, AdminCommands.Normalize(["admin", "member", "add", "admin"]));
        CollectionAssert.AreEqual(new[] { "balance", "admin" }, AdminCommands.Normalize(["balance", "admin"]));
    }

    [TestMethod]
    public async Task Bad_arguments_exit_2_before_a_key_is_unlocked_or_a_node_is_asked()
    {
        using var home = new TempDirectory("wallet-governance");
        var env = new Dictionary<string, string> { ["CHAIN_WALLET_HOME"] = home.Path, ["CHAIN_WALLET_NODE"] = "http://127.0.0.1:1" };
        var dll = Path.Combine(AppContext.BaseDirectory, "chain-wallet.dll");
        foreach (var (args, message) in new (string[], string)[]
        {
            (["admin", "admin", "add", "cn1notanaddress", "--from", "nokey"], "is not a valid address"),
            (["admin", "params", "set", "maxTxsPerBlock=lots", "--from", "nokey", "--json"], "the value must be a whole number"),
            (["admin", "validator", "add", "--name", "v4", "--pubkey", Pubkey, "--peer", "h:1", "--pop", "00", "--from", "nokey"], "--pop"),
            (["admin", "approve", "1234", "--from", "nokey"], "a proposal id must be 64 hex characters"),
        })
        {
            var result = await ProcessRunner.RunAsync("dotnet", [dll, .. args], TimeSpan.FromSeconds(60), env);
            Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, string.Join(' ', args) + "\n" + result.StandardError);
            StringAssert.Contains(result.StandardError, message, string.Join(' ', args));
        }
    }

    private static void Refused(Action action, string message)
    {
        var error = Assert.ThrowsExactly<WalletException>(action);
        Assert.AreEqual(ExitCodes.BadInput, error.ExitCode);
        StringAssert.Contains(error.Message, message);
    }
}
