using System.Globalization;
using System.Numerics;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Tests.Crypto;

[TestClass]
public sealed class Secp256k1Tests
{
    private static readonly BigInteger Order =
        BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber);

    [TestMethod]
    public void A_signature_verifies_with_its_key_and_digest_only()
    {
        var key = PrivateKey.Generate();
        var digest = Hash32.Compute("hello"u8);
        var signature = key.Sign(digest);

        Assert.IsTrue(key.PublicKey.Verify(digest, signature));
        Assert.IsFalse(key.PublicKey.Verify(Hash32.Compute("hellp"u8), signature));
        Assert.IsFalse(PrivateKey.Generate().PublicKey.Verify(digest, signature));
    }

    [TestMethod]
    public void Signing_is_deterministic_per_RFC_6979()
    {
        var key = PrivateKey.FromInsecureSeed("rfc6979");
        var digest = Hash32.Compute("same message"u8);
        CollectionAssert.AreEqual(key.Sign(digest), key.Sign(digest));
    }

    [TestMethod]
    public void Known_key_derives_the_generator_point()
    {
        // Secret key 1 gives G, whose compressed form is fixed by the curve definition.
        var one = new byte[32];
        one[31] = 1;
        Assert.AreEqual("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", PrivateKey.FromBytes(one).PublicKey.ToString());
    }

    [TestMethod]
    public void Signatures_are_low_S_and_the_high_S_twin_is_rejected()
    {
        var key = PrivateKey.FromInsecureSeed("malleability");
        for (var i = 0; i < 32; i++)
        {
            var digest = Hash32.Compute([(byte)i]);
            var signature = key.Sign(digest);
            var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
            Assert.IsLessThanOrEqualTo(Order / 2, s, "libsecp256k1 signs low-S");

            var twin = (byte[])signature.Clone();
            (Order - s).TryWriteBytes(twin.AsSpan(32), out _, isUnsigned: true, isBigEndian: true);
            Assert.IsFalse(key.PublicKey.Verify(digest, twin), "the high-S twin of a valid signature is invalid on this chain");
        }
    }

    [TestMethod]
    public void Wrong_lengths_are_rejected_not_thrown()
    {
        var key = PrivateKey.Generate();
        var digest = Hash32.Compute("x"u8);
        var signature = key.Sign(digest);
        Assert.IsFalse(Secp256k1.Verify(key.PublicKey.Span, digest.Span, signature.AsSpan(0, 63)));
        Assert.IsFalse(Secp256k1.Verify(key.PublicKey.Span[..32], digest.Span, signature));
        Assert.IsFalse(Secp256k1.Verify(key.PublicKey.Span, digest.Span[..31], signature));
    }

    [TestMethod]
    public void Uncompressed_and_compressed_keys_are_the_same_key()
    {
        var key = PrivateKey.FromInsecureSeed("forms");
        var wycheproofStyle = Convert.FromHexString("04b838ff44e5bc177bf21189d0766082fc9d843226887fc9760371100b7ee20a6ff0c9d75bfba7b31a6bca1974496eeb56de357071955d83c4b1badaa0b21832e9");
        var parsed = PublicKey.FromBytes(wycheproofStyle);
        Assert.AreEqual(33, parsed.Span.Length);
        Assert.AreEqual(parsed, PublicKey.FromBytes(parsed.Span));
        Assert.AreEqual(key.PublicKey, PublicKey.FromHex(key.PublicKey.ToString()));
    }

    [TestMethod]
    public void Invalid_keys_get_clear_errors()
    {
        Assert.Contains("32 bytes", Assert.ThrowsExactly<FormatException>(() => PrivateKey.FromBytes(new byte[31])).Message);
        Assert.Contains("out of range", Assert.ThrowsExactly<FormatException>(() => PrivateKey.FromBytes(new byte[32])).Message);
        var notOnCurve = new byte[33];
        notOnCurve[0] = 2;
        notOnCurve[32] = 7; // x = 7: x^3 + 7 = 350 is not a square mod p
        Assert.Contains("not a point", Assert.ThrowsExactly<FormatException>(() => PublicKey.FromBytes(notOnCurve)).Message);
    }
}
