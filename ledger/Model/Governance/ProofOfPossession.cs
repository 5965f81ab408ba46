using ChainNode.Ledger.Signing;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Governance;

/// <summary>
/// A validator key's signature over its own public key, domain-separated: proof that whoever
/// hands the key to the admins holds its private half, so nobody can add a key they do not
/// hold (a rogue or mistyped key). Made by `chainnode keygen` and `chainnode join`, checked by
/// `chainnode genesis new`, by the governance executor and by the wallet before it signs.
/// </summary>
public static class ProofOfPossession
{
    private static readonly byte[] Domain = "chainnode proof of possession v1\0"u8.ToArray();

    public static Hash32 Digest(ReadOnlySpan<byte> compressedPublicKey)
    {
        var message = new byte[Domain.Length + compressedPublicKey.Length];
        Domain.CopyTo(message, 0);
        compressedPublicKey.CopyTo(message.AsSpan(Domain.Length));
        return Hash32.Compute(message);
    }

    public static byte[] Create(ISigningKey key) => key.Sign(Digest(key.PublicKeyBytes));

    /// <summary>Null if <paramref name="proof"/> proves possession of <paramref name="key"/>, otherwise why not.</summary>
    public static string? FindProblem(IVerifyingKey key, ReadOnlySpan<byte> proof) =>
        proof.Length != SignatureFormat.SignatureLength
            ? $"the proof of possession must be a {SignatureFormat.SignatureLength}-byte signature, got {proof.Length} bytes"
            : key.Verify(Digest(key.Span), proof) ? null : "the proof of possession does not verify: it was not made with this key's private half";
}
