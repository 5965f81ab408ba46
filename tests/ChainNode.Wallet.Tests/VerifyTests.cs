using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using ChainNode.Testing;
using ChainNode.Wallet.Cli;
using ChainNode.Wallet.Commands;

namespace ChainNode.Wallet.Tests;

[TestClass]
public sealed class VerifyTests
{
    private static readonly BigInteger HalfOrder =
        BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber) / 2;

    [TestMethod]
    public void Verify_agrees_with_every_wycheproof_vector_under_the_low_S_rule()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.SharedTestData, "wycheproof", "ecdsa_secp256k1_sha256_p1363_test.json")));
        var failures = new List<string>();
        var counts = new Dictionary<string, int> { ["valid"] = 0, ["invalid"] = 0, ["malformed"] = 0 };
        foreach (var group in json.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            var publicKey = group.GetProperty("publicKey").GetProperty("uncompressed").GetString()!;
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                var hash = Convert.ToHexString(SHA256.HashData(Convert.FromHexString(test.GetProperty("msg").GetString()!)));
                var signature = test.GetProperty("sig").GetString()!;
                var bytes = Convert.FromHexString(signature);
                var highS = bytes.Length == 64 && new BigInteger(bytes.AsSpan(32), isUnsigned: true, isBigEndian: true) > HalfOrder;
                var expected = test.GetProperty("result").GetString() == "valid" && !highS;
                string outcome;
                try
                {
                    outcome = VerifyCommand.Check(publicKey, hash, signature) ? "valid" : "invalid";
                }
                catch (WalletException e) when (e.ExitCode == ExitCodes.BadInput)
                {
                    outcome = "malformed"; // wrong-length signatures: exit 2, never "valid"
                }
                counts[outcome]++;
                if ((outcome == "valid") != expected)
                    failures.Add($"tcId {test.GetProperty("tcId").GetInt32()}: expected {(expected ? "valid" : "not valid")}, got {outcome}");
            }
        }
        Assert.AreEqual(0, failures.Count, string.Join('\n', failures));
        Assert.AreEqual(252, counts.Values.Sum());
    }

    [TestMethod]
    public async Task The_command_exits_0_for_valid_1_for_invalid_and_2_for_malformed()
    {
        var key = Ledger.Crypto.PrivateKey.FromInsecureSeed("verify-test");
        var digest = SHA256.HashData("hello"u8);
        var signature = Convert.ToHexString(key.Sign(new Ledger.Types.Hash32(digest)));
        var pub = key.PublicKey.ToString();
        var dll = Path.Combine(AppContext.BaseDirectory, "chain-wallet.dll");
        var valid = await ProcessRunner.RunAsync("dotnet", [dll, "verify", "--pubkey", pub, "--hash", Convert.ToHexString(digest), "--signature", signature], TimeSpan.FromSeconds(60));
        Assert.AreEqual(0, valid.ExitCode, valid.StandardError);
        StringAssert.Contains(valid.StandardOutput, "valid");
        var otherDigest = Convert.ToHexString(SHA256.HashData("hellO"u8));
        var invalid = await ProcessRunner.RunAsync("dotnet", [dll, "verify", "--json", "--pubkey", pub, "--hash", otherDigest, "--signature", signature], TimeSpan.FromSeconds(60));
        Assert.AreEqual(1, invalid.ExitCode);
        Assert.IsFalse(JsonDocument.Parse(invalid.StandardOutput).RootElement.GetProperty("valid").GetBoolean());
        var malformed = await ProcessRunner.RunAsync("dotnet", [dll, "verify", "--json", "--pubkey", pub, "--hash", "abcd", "--signature", signature], TimeSpan.FromSeconds(60));
        Assert.AreEqual(2, malformed.ExitCode);
        StringAssert.Contains(JsonDocument.Parse(malformed.StandardError).RootElement.GetProperty("error").GetString(), "--hash must be 32 bytes");
    }
}
