using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Bench;

/// <summary>
/// Signature verification from raw bytes (parse key + parse signature + verify), the cost every
/// node pays once per transaction. Measured on 1 and 2 threads.
/// </summary>
internal static class VerifyBenchmark
{
    private const int Samples = 20_000;

    public static void Run()
    {
        var keys = Enumerable.Range(0, 100).Select(i => PrivateKey.FromInsecureSeed($"bench-{i}")).ToArray();
        var publicKeys = new byte[Samples][];
        var digests = new byte[Samples][];
        var signatures = new byte[Samples][];
        for (var i = 0; i < Samples; i++)
        {
            var key = keys[i % keys.Length];
            var digest = Hash32.Compute(BitConverter.GetBytes(i));
            publicKeys[i] = key.PublicKey.ToArray();
            digests[i] = digest.ToArray();
            signatures[i] = key.Sign(digest);
        }

        long VerifyRange(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                if (!Secp256k1.Verify(publicKeys[i], digests[i], signatures[i]))
                    throw new InvalidOperationException($"sample {i} failed to verify");
            }
            return to - from;
        }

        Measurement.MedianRate("secp256k1 verify from raw bytes, 1 thread", 5, () => VerifyRange(0, Samples));
        Measurement.MedianRate("secp256k1 verify from raw bytes, 2 threads", 5, () =>
        {
            var half = Samples / 2;
            var a = Task.Run(() => VerifyRange(0, half));
            var b = Task.Run(() => VerifyRange(half, Samples));
            return a.Result + b.Result;
        });

        var signKey = keys[0];
        var signDigests = digests.Take(5_000).Select(d => new Hash32(d)).ToArray();
        Measurement.MedianRate("secp256k1 sign (RFC 6979), 1 thread", 5, () =>
        {
            foreach (var d in signDigests)
                signKey.Sign(d);
            return signDigests.Length;
        });
    }
}
