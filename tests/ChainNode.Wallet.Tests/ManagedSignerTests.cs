using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;
using ChainNode.Testing;
using ChainNode.Wallet.Keys;

namespace ChainNode.Wallet.Tests;

/// <summary>
/// The wallet's managed signer (NBitcoin.Secp256k1) against the node's native libsecp256k1:
/// the chain accepts a wallet's tx only if both sign and verify byte for byte alike.
/// </summary>
[TestClass]
public sealed class ManagedSignerTests
{
    private static readonly BigInteger Order =
        BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    [TestMethod]
    public void Managed_and_native_signers_make_identical_signatures_keys_and_addresses_and_accept_each_others_signatures()
    {
        const int cases = 2_000;
        var seed = Environment.GetEnvironmentVariable("CHAINNODE_TEST_SEED") is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        var secret = new byte[32];
        var digestBytes = new byte[32];
        for (var i = 0; i < cases; i++)
        {
            random.NextBytes(secret);
            random.NextBytes(digestBytes);
            var where = $"seed {seed} (set CHAINNODE_TEST_SEED to replay), case {i}, key {Convert.ToHexStringLower(secret)}, digest {Convert.ToHexStringLower(digestBytes)}";
            if (!Secp256k1.IsValidSecretKey(secret))
            {
                Assert.ThrowsExactly<FormatException>(() => WalletKey.FromBytes(secret), where);
                continue;
            }
            var native = PrivateKey.FromBytes(secret);
            var managed = WalletKey.FromBytes(secret);
            var digest = new Hash32(digestBytes);
            Assert.IsTrue(native.PublicKey.Span.SequenceEqual(managed.PublicKey.Span), $"public keys differ: {where}");
            Assert.AreEqual(native.Address, managed.Address, $"addresses differ: {where}");

            var nativeSignature = native.Sign(digest);
            var managedSignature = managed.Sign(digest);
            CollectionAssert.AreEqual(nativeSignature, managedSignature, $"signatures differ: {where}");
            Assert.IsTrue(native.PublicKey.Verify(digest, managedSignature), $"native refuses the managed signature: {where}");
            Assert.IsTrue(managed.PublicKey.Verify(digest, nativeSignature), $"managed refuses the native signature: {where}");

            var highS = WithHighS(nativeSignature);
            Assert.IsFalse(native.PublicKey.Verify(digest, highS), $"native accepts high S: {where}");
            Assert.IsFalse(managed.PublicKey.Verify(digest, highS), $"managed accepts high S: {where}");
            var other = Hash32.Compute(digestBytes);
            Assert.IsFalse(native.PublicKey.Verify(other, managedSignature), $"native accepts another digest: {where}");
            Assert.IsFalse(managed.PublicKey.Verify(other, nativeSignature), $"managed accepts another digest: {where}");
        }
    }

    [TestMethod]
    public void Managed_and_native_keys_agree_at_the_ends_of_the_private_key_range()
    {
        var one = new BigInteger(1);
        foreach (var value in new[] { one, Order - 1, Order / 2, Order / 2 + 1 })
        {
            var secret = ToBytes32(value);
            var native = PrivateKey.FromBytes(secret);
            var managed = WalletKey.FromBytes(secret);
            Assert.AreEqual(native.Address, managed.Address, $"key {value:X}");
            var digest = Hash32.Compute(secret);
            CollectionAssert.AreEqual(native.Sign(digest), managed.Sign(digest), $"key {value:X}");
        }
        foreach (var value in new[] { BigInteger.Zero, Order, Order + 1 })
        {
            var secret = ToBytes32(value);
            Assert.AreEqual(
                Assert.ThrowsExactly<FormatException>(() => PrivateKey.FromBytes(secret)).Message,
                Assert.ThrowsExactly<FormatException>(() => WalletKey.FromBytes(secret)).Message,
                $"key {value:X}");
        }
    }

    [TestMethod]
    public void Managed_and_native_verify_agree_with_every_wycheproof_vector_under_the_low_S_rule()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.SharedTestData, "wycheproof", "ecdsa_secp256k1_sha256_p1363_test.json")));
        var failures = new List<string>();
        int vectors = 0, validButHighS = 0, accepted = 0;
        foreach (var group in json.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            Assert.AreEqual("SHA-256", group.GetProperty("sha").GetString());
            var keyBytes = Convert.FromHexString(group.GetProperty("publicKey").GetProperty("uncompressed").GetString()!);
            var nativeKey = PublicKey.FromBytes(keyBytes);
            var managedKey = WalletPublicKey.FromBytes(keyBytes);
            Assert.IsTrue(nativeKey.Span.SequenceEqual(managedKey.Span));
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                vectors++;
                var id = test.GetProperty("tcId").GetInt32();
                var digest = new Hash32(SHA256.HashData(Convert.FromHexString(test.GetProperty("msg").GetString()!)));
                var signature = Convert.FromHexString(test.GetProperty("sig").GetString()!);
                var highS = signature.Length == 64 && new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true) > Order / 2;
                var valid = test.GetProperty("result").GetString() == "valid";
                if (valid && highS)
                    validButHighS++;
                var expected = valid && !highS;
                var native = nativeKey.Verify(digest, signature);
                var managed = managedKey.Verify(digest, signature);
                if (native)
                    accepted++;
                if (native != managed || native != expected)
                    failures.Add($"tcId {id} ({test.GetProperty("comment").GetString()}): vector {(valid ? "valid" : "invalid")}{(highS ? ", high S" : "")}; native {native}, managed {managed}");
            }
        }
        Assert.AreEqual(0, failures.Count, string.Join('\n', failures));
        Assert.AreEqual(252, vectors);
        Assert.IsTrue(validButHighS > 0, "no valid high-S vector exercised the low-S rule");
        Assert.IsTrue(accepted > 0, "no vector verified at all");
    }

    [TestMethod]
    public void A_keystore_file_written_by_the_native_wallet_opens_to_the_same_key_and_signs_as_before()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "keystore-written-by-the-native-wallet.json");
        var file = JsonSerializer.Deserialize<Keystore.KeystoreFile>(File.ReadAllText(path), Keystore.KeystoreFile.Json)!;
        var key = file.Open("fixture passphrase");
        var secretHex = Convert.ToHexStringLower(SHA256.HashData("chainnode keystore fixture"u8));
        Assert.AreEqual(secretHex, key.ToHex());
        Assert.AreEqual("cn1apyr46xjcmqsq9tkfvsxd4n94q6kh9rst3k72x", key.Address.ToString());
        Assert.AreEqual(file.PublicKey, key.PublicKey.ToString());
        var digest = Hash32.Compute("a tx body"u8);
        CollectionAssert.AreEqual(PrivateKey.FromHex(secretHex).Sign(digest), key.Sign(digest));
    }

    private static byte[] WithHighS(byte[] signature)
    {
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var flipped = (byte[])signature.Clone();
        ToBytes32(Order - s).CopyTo(flipped.AsSpan(32));
        return flipped;
    }

    private static byte[] ToBytes32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[32];
        bytes.CopyTo(padded.AsSpan(32 - bytes.Length));
        return padded;
    }
}
