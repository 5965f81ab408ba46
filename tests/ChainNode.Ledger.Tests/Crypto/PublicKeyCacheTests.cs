using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Ledger.Tests.Crypto;

[TestClass]
public sealed class PublicKeyCacheTests
{
    [TestMethod]
    public void A_key_is_parsed_once_and_its_signatures_verify_through_the_cached_form()
    {
        var cache = new PublicKeyCache(capacity: 2);
        var key = PrivateKey.Generate();
        var encoded = key.PublicKey.ToByteString();
        var parsed = cache.Get(encoded);
        Assert.AreSame(parsed, cache.Get(ByteString.CopyFrom(encoded.Span)));
        var digest = Hash32.Compute("message"u8);
        Assert.IsTrue(parsed.Verify(digest, key.Sign(digest)));
        Assert.IsFalse(parsed.Verify(Hash32.Compute("other"u8), key.Sign(digest)));
    }

    [TestMethod]
    public void A_key_off_the_curve_is_refused_every_time_and_a_full_cache_starts_over()
    {
        var cache = new PublicKeyCache(capacity: 2);
        var bad = new byte[33];
        bad[0] = 0x02;
        bad[32] = 0x07; // x = 7 has no point on secp256k1
        for (var attempt = 0; attempt < 2; attempt++)
            Assert.ThrowsExactly<FormatException>(() => cache.Get(ByteString.CopyFrom(bad)));
        var keys = Enumerable.Range(0, 5).Select(_ => PrivateKey.Generate().PublicKey).ToList();
        foreach (var k in keys)
            Assert.AreEqual(k, cache.Get(k.ToByteString()));
    }
}
