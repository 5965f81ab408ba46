using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Governance;

/// <summary>
/// A validator key's signature over its own public key, domain-separated: proof that whoever
/// hands the key to the admins holds its private half, so nobody can add a key they do not
/// hold (a rogue or mistyped key). Made by `chainnode keygen` and `chainnode join`, checked by
/// `chainnode genesis new` and by the governance executor.
/// </summary>
public static class ProofOfPossession
{
    private static readonly byte[] Domain = "chainnode proof of possession v1\0"u8.ToArray();

    public static Hash32 Digest(PublicKey key)
    {
        var message = new byte[Domain.Length + key.Span.Length];
        Domain.CopyTo(message, 0);
        key.Span.CopyTo(message.AsSpan(Domain.Length));
        return Hash32.Compute(message);
    }

    public static byte[] Create(PrivateKey key) => key.Sign(Digest(key.PublicKey));

    /// <summary>Null if <paramref name="proof"/> proves possession of <paramref name="key"/>, otherwise why not.</summary>
    public static string? FindProblem(PublicKey key, ReadOnlySpan<byte> proof) =>
        proof.Length != Secp256k1.SignatureLength
            ? $"the proof of possession must be a {Secp256k1.SignatureLength}-byte signature, got {proof.Length} bytes"
            : key.Verify(Digest(key), proof) ? null : "the proof of possession does not verify: it was not made with this key's private half";
}
