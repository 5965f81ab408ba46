using System.Security.Cryptography;
using ChainNode.Ledger.Signing;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Crypto;

/// <summary>A secp256k1 secret key with its derived public key and address.</summary>
public sealed class PrivateKey : ISigningKey
{
    private readonly byte[] _secret;

    private PrivateKey(byte[] secret)
    {
        _secret = secret;
        var compressed = new byte[Secp256k1.CompressedPublicKeyLength];
        Secp256k1.DerivePublicKey(secret, compressed);
        PublicKey = PublicKey.FromBytes(compressed);
    }

    public PublicKey PublicKey { get; }

    public Address Address => PublicKey.Address;

    public ReadOnlySpan<byte> PublicKeyBytes => PublicKey.Span;

    /// <summary>A fresh key from the OS random source.</summary>
    public static PrivateKey Generate()
    {
        var secret = new byte[Secp256k1.SecretKeyLength];
        do
        {
            RandomNumberGenerator.Fill(secret);
        }
        while (!Secp256k1.IsValidSecretKey(secret));
        return new PrivateKey(secret);
    }

    public static PrivateKey FromBytes(ReadOnlySpan<byte> secret)
    {
        KeyEncoding.RequireSecretLength(secret);
        if (!Secp256k1.IsValidSecretKey(secret))
            throw new FormatException(KeyEncoding.SecretOutOfRange);
        return new PrivateKey(secret.ToArray());
    }

    public static PrivateKey FromHex(string hex) => FromBytes(KeyEncoding.SecretFromHex(hex));

    /// <summary>
    /// Derives a well-known key from a label. Only for development networks and tests: anyone
    /// who knows the label knows the key.
    /// </summary>
    public static PrivateKey FromInsecureSeed(string label)
    {
        var digest = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("chainnode insecure dev key/" + label));
        while (!Secp256k1.IsValidSecretKey(digest))
            digest = SHA256.HashData(digest);
        return new PrivateKey(digest);
    }

    /// <summary>Signs a digest; deterministic (RFC 6979) and always low-S.</summary>
    public byte[] Sign(Hash32 digest)
    {
        var signature = new byte[Secp256k1.SignatureLength];
        Secp256k1.Sign(_secret, digest.Span, signature);
        return signature;
    }

    public string ToHex() => Convert.ToHexStringLower(_secret);
}
