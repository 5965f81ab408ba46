namespace ChainNode.Ledger.Signing;

/// <summary>
/// The sizes of the chain's signature scheme: secp256k1 ECDSA over a 32-byte SHA-256 digest,
/// 64-byte compact r||s signatures (RFC 6979 nonces, low S only), keys sent as 33-byte
/// compressed points. The node's native signer and the wallet's managed one both follow it.
/// </summary>
public static class SignatureFormat
{
    public const int SecretKeyLength = 32;
    public const int CompressedPublicKeyLength = 33;
    public const int UncompressedPublicKeyLength = 65;
    public const int SignatureLength = 64;
    public const int DigestLength = 32;
}
