using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Tests.Types;

[TestClass]
public sealed class Hash32Tests
{
    [TestMethod]
    public void Compute_is_SHA_256()
    {
        Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hash32.Compute("abc"u8).ToString());
    }

    [TestMethod]
    public void Equal_bytes_are_equal_hashes()
    {
        var a = Hash32.Compute("x"u8);
        var b = new Hash32(a.ToArray());
        Assert.AreEqual(a, b);
        Assert.IsTrue(a == b);
        Assert.AreEqual(a.GetHashCode(), b.GetHashCode());
        Assert.AreNotEqual(a, Hash32.Compute("y"u8));
        Assert.IsTrue(Hash32.Zero.IsZero);
    }

    [TestMethod]
    public void Parse_accepts_hex_and_rejects_the_rest()
    {
        var h = Hash32.Compute("x"u8);
        Assert.AreEqual(h, Hash32.Parse(h.ToString()));
        Assert.AreEqual(h, Hash32.Parse("0x" + h.ToString().ToUpperInvariant()));
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => Hash32.Parse("abcd")).Message, "64 hex characters");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => Hash32.Parse(new string('z', 64))).Message, "not a hex hash");
    }
}
