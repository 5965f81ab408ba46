using System.Security.Cryptography;
using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Types;

namespace ChainNode.Simulation;

/// <summary>
/// A fast stand-in for secp256k1 in simulation: HMAC-SHA256 under a per-validator secret.
/// Each replica's instance can sign only as itself, so a Byzantine replica cannot forge
/// another's signature, exactly the property the protocol relies on. Counts its work so the
/// benchmark can report signature checks separately from protocol logic.
/// </summary>
public sealed class SimAuthenticator(int self, int validators) : IMessageAuthenticator
{
    private static readonly byte[][] Secrets = Enumerable.Range(0, 256)
        .Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToArray();

    public long Signs { get; private set; }

    public long Verifications { get; private set; }

    public byte[] Sign(Hash32 digest)
    {
        Signs++;
        return HMACSHA256.HashData(Secrets[self], digest.Span);
    }

    public bool Verify(int validator, Hash32 digest, ReadOnlySpan<byte> signature)
    {
        Verifications++;
        if (validator < 0 || validator >= validators || signature.Length != 32)
            return false;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Secrets[validator], digest.Span, expected);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }
}
