using System.Security.Cryptography;
using ChainNode.Ledger.Hashing;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Tests.Hashing;

[TestClass]
public sealed class Sha256Tests
{
    [TestMethod]
    public void Hashing_goes_straight_to_libcrypto_on_this_machine() =>
        Assert.IsTrue(Sha256.IsNative, "libcrypto.so.3's SHA256_Init/Update/Final were not found or disagreed with .NET");

    [TestMethod]
    public void Every_length_and_every_split_agrees_with_dotnet()
    {
        var input = new byte[300];
        for (var i = 0; i < input.Length; i++)
            input[i] = (byte)(i * 31 + 7);
        Span<byte> actual = stackalloc byte[32];
        for (var length = 0; length <= input.Length; length++)
        {
            var data = input.AsSpan(0, length);
            var expected = SHA256.HashData(data);
            Sha256.Hash(data, actual);
            CollectionAssert.AreEqual(expected, actual.ToArray(), $"length {length}");
            foreach (var split in new[] { 0, 1, length / 2, length })
            {
                if (split > length)
                    continue;
                Sha256.Hash(data[..split], data[split..], actual);
                CollectionAssert.AreEqual(expected, actual.ToArray(), $"length {length} split at {split}");
            }
        }
    }

    [TestMethod]
    public void The_known_answer_for_abc_is_the_fips_180_one() =>
        Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hash32.Compute("abc"u8).ToString());

    [TestMethod]
    public void Threads_hashing_at_once_get_the_same_answers()
    {
        var inputs = Enumerable.Range(0, 2_000).Select(i => BitConverter.GetBytes(i * 2_654_435_761L)).ToArray();
        var expected = inputs.Select(SHA256.HashData).ToArray();
        var actual = new byte[inputs.Length][];
        Parallel.For(0, inputs.Length, i => actual[i] = Hash32.Compute(inputs[i]).Span.ToArray());
        for (var i = 0; i < inputs.Length; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"input {i}");
    }
}
