using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;
using ChainNode.Testing;

namespace ChainNode.Ledger.Tests.Genesis;

[TestClass]
public sealed class GenesisLoaderTests
{
    private static GenesisDocument Valid() => new TestNetwork().Document;

    private static IReadOnlyList<string> ErrorsOf(GenesisDocument doc) =>
        Assert.ThrowsExactly<GenesisException>(() => GenesisLoader.Validate(doc)).Errors;

    [TestMethod]
    public void The_root_genesis_is_the_documented_devnet()
    {
        var config = GenesisLoader.LoadFile(Path.Combine(RepoPaths.Root, "genesis.json"));
        Assert.AreEqual("chainnode-devnet", config.ChainId);
        Assert.AreEqual(4, config.Validators.Count);
        Assert.AreEqual(1, config.Validators.MaxFaulty);
        Assert.IsEmpty(config.Warnings);
        for (var i = 0; i < 4; i++)
        {
            Assert.AreEqual(PrivateKey.FromInsecureSeed($"devnet-validator-{i}").PublicKey, config.Validators[i].PublicKey, $"validator {i}");
            Assert.AreEqual(PrivateKey.FromInsecureSeed($"devnet-member-{i}").Address, config.Members[i].Address, $"member {i}");
        }
    }

    [TestMethod]
    public void A_duplicate_validator_is_named_by_field()
    {
        var doc = Valid();
        doc.Validators![3].PublicKey = doc.Validators[1].PublicKey;
        doc.Validators[3].Name = doc.Validators[1].Name;
        var errors = ErrorsOf(doc);
        CollectionAssert.Contains(errors.ToList(), "validators[3].name: 'validator-1' duplicates validators[1]");
        Assert.IsTrue(errors.Any(e => e.StartsWith("validators[3].publicKey: duplicates validators[1]", StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [TestMethod]
    public void Balances_adding_up_to_more_than_64_bits_are_refused()
    {
        var doc = Valid();
        doc.Members![0].Balance = ulong.MaxValue;
        var errors = ErrorsOf(doc);
        Assert.IsTrue(errors.Any(e => e.StartsWith("members: the balances add up to", StringComparison.Ordinal)), string.Join("\n", errors));
        doc.Members[0].Balance = ulong.MaxValue - (ulong)(doc.Members.Count - 1) * TestNetwork.InitialBalance;
        Assert.AreEqual(ulong.MaxValue, GenesisLoader.Validate(doc).Members.Aggregate(UInt128.Zero, (sum, m) => sum + m.Balance), "exactly 2^64 - 1 in all is allowed");
    }

    [TestMethod]
    public void A_bad_key_is_named_by_field()
    {
        var doc = Valid();
        doc.Validators![2].PublicKey = "02" + new string('0', 64);
        doc.Validators[0].PublicKey = "abc";
        var errors = ErrorsOf(doc);
        Assert.IsTrue(errors.Any(e => e.StartsWith("validators[2].publicKey: The public key is not a point", StringComparison.Ordinal)), string.Join("\n", errors));
        Assert.IsTrue(errors.Any(e => e.StartsWith("validators[0].publicKey:", StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [TestMethod]
    public void Fewer_than_four_validators_warns_that_no_fault_is_tolerated()
    {
        var doc = Valid();
        doc.Validators!.RemoveAt(3);
        var config = GenesisLoader.Validate(doc);
        Assert.HasCount(1, config.Warnings);
        StringAssert.Contains(config.Warnings[0], "tolerate no faults (f = 0)");
    }

    [TestMethod]
    public void Every_problem_is_reported_at_once()
    {
        var doc = Valid();
        doc.ChainId = "Bad Chain";
        doc.GenesisTime = "yesterday";
        doc.Consensus!.ViewChangeTimeoutMs = 10;
        doc.Members![1].Address = doc.Members[1].Address![..^1] + "q";
        doc.Validators![0].NetworkAddress = "nowhere";
        doc.Admins = ["cn1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"];
        var errors = ErrorsOf(doc);
        foreach (var field in new[] { "chainId:", "genesisTime:", "consensus.viewChangeTimeoutMs:", "members[1].address:", "validators[0].networkAddress:", "admins[0]:" })
            Assert.IsTrue(errors.Any(e => e.StartsWith(field, StringComparison.Ordinal)), $"{field} missing from:\n{string.Join("\n", errors)}");
    }

    [TestMethod]
    public void Unknown_fields_and_bad_json_are_rejected_with_their_path()
    {
        var json = GenesisLoader.Serialize(Valid()).Replace("\"maxTxsPerBlock\"", "\"maxTxPerBlock\"", StringComparison.Ordinal);
        var error = Assert.ThrowsExactly<GenesisException>(() => GenesisLoader.Parse(json));
        StringAssert.Contains(error.Errors[0], "maxTxPerBlock");
        StringAssert.StartsWith(Assert.ThrowsExactly<GenesisException>(() => GenesisLoader.Parse("{ \"chainId\": 5 }")).Errors[0], "$.chainId");
    }

    [TestMethod]
    public void Null_entries_duplicate_keys_and_sloppy_values_are_field_errors()
    {
        var json = GenesisLoader.Serialize(Valid());
        var withNull = json.Replace("\"members\": [", "\"members\": [ null,", StringComparison.Ordinal);
        StringAssert.StartsWith(Assert.ThrowsExactly<GenesisException>(() => GenesisLoader.Parse(withNull)).Errors[0], "members[0]: null");
        var duplicate = json.Replace("\"gasPrice\": 0,", "\"gasPrice\": 0, \"gasPrice\": 5,", StringComparison.Ordinal);
        Assert.ThrowsExactly<GenesisException>(() => GenesisLoader.Parse(duplicate));

        var doc = Valid();
        doc.ChainId = "devnet\n";
        doc.GenesisTime = "1/2/2026";
        var errors = ErrorsOf(doc);
        Assert.IsTrue(errors.Any(e => e.StartsWith("chainId:", StringComparison.Ordinal)), string.Join("\n", errors));
        Assert.IsTrue(errors.Any(e => e.StartsWith("genesisTime:", StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [TestMethod]
    public void A_missing_file_names_its_path()
    {
        var error = Assert.ThrowsExactly<GenesisException>(() => GenesisLoader.LoadFile("/nonexistent/genesis.json"));
        StringAssert.Contains(error.Message, "file not found: /nonexistent/genesis.json");
    }

    [TestMethod]
    public void Serialized_documents_load_back_to_the_same_genesis_block()
    {
        var network = new TestNetwork();
        var reloaded = GenesisLoader.Parse(GenesisLoader.Serialize(network.Document));
        Assert.AreEqual(GenesisBlock.Create(network.Genesis).Block.Hash, GenesisBlock.Create(reloaded).Block.Hash);
    }
}
