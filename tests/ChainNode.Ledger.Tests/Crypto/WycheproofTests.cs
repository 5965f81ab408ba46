using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using ChainNode.Ledger.Crypto;
using ChainNode.Testing;

namespace ChainNode.Ledger.Tests.Crypto;

/// <summary>
/// Google Wycheproof ECDSA secp256k1/SHA-256 P1363 vectors under this chain's policy: a
/// signature is valid only if Wycheproof says valid and S ≤ n/2.
/// </summary>
[TestClass]
public sealed class WycheproofTests
{
    private static readonly BigInteger HalfOrder =
        BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber) / 2;

    [TestMethod]
    public void Every_vector_gives_the_expected_answer_under_the_low_S_policy()
    {
        var path = Path.Combine(RepoPaths.SharedTestData, "wycheproof", "ecdsa_secp256k1_sha256_p1363_test.json");
        Assert.IsTrue(File.Exists(path), $"Wycheproof vectors not found at {path}");
        using var json = JsonDocument.Parse(File.ReadAllText(path));

        int total = 0, highSValid = 0;
        var failures = new List<string>();
        foreach (var group in json.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            var publicKey = Convert.FromHexString(group.GetProperty("publicKey").GetProperty("uncompressed").GetString()!);
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                total++;
                var id = test.GetProperty("tcId").GetInt32();
                var digest = SHA256.HashData(Convert.FromHexString(test.GetProperty("msg").GetString()!));
                var signature = Convert.FromHexString(test.GetProperty("sig").GetString()!);
                var wycheproofValid = test.GetProperty("result").GetString() == "valid";
                var highS = signature.Length == 64 && new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true) > HalfOrder;
                if (wycheproofValid && highS)
                    highSValid++;

                var expected = wycheproofValid && !highS;
                var actual = Secp256k1.Verify(publicKey, digest, signature);
                if (actual != expected)
                    failures.Add($"tcId {id} ({test.GetProperty("comment").GetString()}): expected {expected}, got {actual}");
            }
        }

        Assert.AreEqual(252, total, "vector count");
        Assert.AreEqual(72, highSValid, "valid high-S vectors, all of which must be rejected");
        Assert.IsEmpty(failures, string.Join(Environment.NewLine, failures));
    }
}
