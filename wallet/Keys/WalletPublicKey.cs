using ChainNode.Ledger.Signing;
using ChainNode.Ledger.Types;
using NBitcoin.Secp256k1;

namespace ChainNode.Wallet.Keys;

/// <summary>
/// A secp256k1 public key checked with managed code: kept in 33-byte compressed form, with the
/// address the chain derives from it. Verifies under the chain's rule (high S is invalid).
/// </summary>
public sealed class WalletPublicKey : IVerifyingKey
{
    private readonly ECPubKey _key;
    private readonly byte[] _compressed;

    private WalletPublicKey(ECPubKey key)
    {
        _key = key;
        _compressed = key.ToBytes(compressed: true);
        Address = Address.FromPublicKey(_compressed);
    }

    public Address Address { get; }

    public ReadOnlySpan<byte> Span => _compressed;

    internal static WalletPublicKey From(ECPubKey key) => new(key);

    /// <summary>Accepts 33-byte compressed or 65-byte uncompressed keys that lie on the curve.</summary>
    public static WalletPublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        KeyEncoding.RequirePublicKeyLength(bytes);
        if (!ECPubKey.TryCreate(bytes, Context.Instance, out _, out var key))
            throw new FormatException(KeyEncoding.NotOnCurve);
        return new WalletPublicKey(key);
    }

    public static WalletPublicKey FromHex(string hex) => FromBytes(KeyEncoding.PublicKeyFromHex(hex));

    /// <summary>
    /// False for a wrong length, r or s out of range, or high S: SigVerify is a port of
    /// secp256k1_ecdsa_verify, which refuses high S exactly as the node's native check does.
    /// </summary>
    public bool Verify(Hash32 digest, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureFormat.SignatureLength
        && SecpECDSASignature.TryCreateFromCompact(signature, out var parsed)
        && _key.SigVerify(parsed, digest.Span);

    public override string ToString() => Convert.ToHexStringLower(_compressed);
}
