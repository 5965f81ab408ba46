using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Tests.Types;

[TestClass]
public sealed class AddressTests
{
    private static readonly Address Sample = PrivateKey.FromInsecureSeed("address").Address;

    [TestMethod]
    public void Text_form_round_trips()
    {
        var text = Sample.ToString();
        StringAssert.StartsWith(text, "cn1");
        Assert.AreEqual(Sample, Address.Parse(text));
        Assert.AreEqual(Sample, Address.Parse(text.ToUpperInvariant()));
    }

    [TestMethod]
    public void Every_single_character_typo_is_rejected_by_the_checksum()
    {
        var text = Sample.ToString();
        const string charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        for (var i = 3; i < text.Length; i++)
        {
            var typo = text[..i] + charset[(charset.IndexOf(text[i], StringComparison.Ordinal) + 1) % 32] + text[(i + 1)..];
            var error = Assert.ThrowsExactly<FormatException>(() => Address.Parse(typo), typo).Message;
            StringAssert.Contains(error, "checksum");
        }
    }

    [TestMethod]
    public void Malformed_text_names_the_problem()
    {
        var text = Sample.ToString();
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => Address.Parse("xx" + text[2..])).Message, "prefix 'xx'");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => Address.Parse(text[..10] + "b" + text[11..])).Message, "'b'");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => Address.Parse("cN" + text[2..])).Message, "mixes upper and lower case");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => Address.Parse(Bech32.Encode("cn", new byte[19]))).Message, "19 bytes");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => Address.Parse("hello")).Message, "not a Bech32");
        // U+212A KELVIN SIGN lowercases to 'k'; it must not alias a real address.
        var upper = text.ToUpperInvariant();
        var withKelvin = upper.Contains('K', StringComparison.Ordinal) ? upper.Replace('K', '\u212A') : upper + "\u212A";
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => Address.Parse(withKelvin)).Message, "not printable ASCII");
    }

    [TestMethod]
    public void Address_is_the_first_20_bytes_of_the_key_hash()
    {
        var key = PrivateKey.FromInsecureSeed("address");
        CollectionAssert.AreEqual(Hash32.Compute(key.PublicKey.Span).Span[..20].ToArray(), key.Address.ToArray());
    }
}
