using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Blocks;

/// <summary>
/// The consensus signatures this node has recently found valid, by signer key, digest and
/// signature: a COMMIT checked when it arrived is not checked again when its certificate is
/// committed. Bounded (the oldest are forgotten first); thread-safe.
/// </summary>
public sealed class VerifiedSignatures(int capacity = 4096)
{
    private readonly Lock _gate = new();
    private readonly HashSet<Hash32> _verified = [];
    private readonly Queue<Hash32> _oldestFirst = new();

    /// <summary>How many signatures were actually checked (memo misses), for tests and metrics.</summary>
    public long Checks { get; private set; }

    /// <summary>Whether <paramref name="signature"/> is <paramref name="key"/>'s over <paramref name="digest"/>, checking it only if not seen valid before.</summary>
    public bool Verify(PublicKey key, Hash32 digest, ReadOnlySpan<byte> signature)
    {
        var id = Identify(key, digest, signature);
        lock (_gate)
        {
            if (_verified.Contains(id))
                return true;
            Checks++;
        }
        if (!key.Verify(digest, signature))
            return false;
        lock (_gate)
        {
            if (!_verified.Add(id))
                return true;
            _oldestFirst.Enqueue(id);
            if (_oldestFirst.Count > capacity)
                _verified.Remove(_oldestFirst.Dequeue());
        }
        return true;
    }

    // One hash names the triple: a memo hit must be the same key, digest and signature.
    private static Hash32 Identify(PublicKey key, Hash32 digest, ReadOnlySpan<byte> signature)
    {
        Span<byte> triple = stackalloc byte[Secp256k1.CompressedPublicKeyLength + Hash32.Length + Secp256k1.SignatureLength];
        if (signature.Length != Secp256k1.SignatureLength)
            return Hash32.Compute([.. key.Span, .. digest.Span, .. signature]);
        key.Span.CopyTo(triple);
        digest.Span.CopyTo(triple[Secp256k1.CompressedPublicKeyLength..]);
        signature.CopyTo(triple[(Secp256k1.CompressedPublicKeyLength + Hash32.Length)..]);
        return Hash32.Compute(triple);
    }
}
