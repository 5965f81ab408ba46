using System.Security.Cryptography;
using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Types;

namespace ChainNode.Simulation;

/// <summary>
/// A fast stand-in for secp256k1 in simulation: HMAC-SHA256 under a per-key secret. An instance
/// signs only with its own key id and checks validator index j against the epoch's key list,
/// so a Byzantine node cannot forge another's signature, and a replaced or removed key stops
/// counting the moment its epoch ends. Counts its work so the benchmark can report signature
/// checks separately from protocol logic.
/// </summary>
public sealed class SimAuthenticator : IMessageAuthenticator
{
    /// <summary>Key ids 0..255; a node's first key is its node id, replacements take higher ids.</summary>
    public const int KeyIds = 256;

    private static readonly byte[][] Secrets = Enumerable.Range(0, KeyIds)
        .Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToArray();

    private readonly int _key;
    private readonly IReadOnlyList<int> _validatorKeys;
    private readonly SimSignatureCounts _counts;

    /// <summary>Validator <paramref name="self"/> of a fixed set 0..<paramref name="validators"/>-1, each holding key id = its index.</summary>
    public SimAuthenticator(int self, int validators)
        : this(self, Enumerable.Range(0, validators).ToArray(), new SimSignatureCounts())
    {
    }

    /// <param name="key">The key id this node signs with; negative for a node that only checks.</param>
    /// <param name="validatorKeys">The key id of each validator index in the epoch.</param>
    public SimAuthenticator(int key, IReadOnlyList<int> validatorKeys, SimSignatureCounts counts)
    {
        _key = key;
        _validatorKeys = validatorKeys;
        _counts = counts;
    }

    public long Signs => _counts.Signs;

    public long Verifications => _counts.Verifications;

    public byte[] Sign(Hash32 digest)
    {
        if (_key < 0)
            throw new InvalidOperationException("this node holds no key in the epoch");
        _counts.Signs++;
        return HMACSHA256.HashData(Secrets[_key], digest.Span);
    }

    public bool Verify(int validator, Hash32 digest, ReadOnlySpan<byte> signature)
    {
        _counts.Verifications++;
        if (validator < 0 || validator >= _validatorKeys.Count || signature.Length != 32)
            return false;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Secrets[_validatorKeys[validator]], digest.Span, expected);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }
}
