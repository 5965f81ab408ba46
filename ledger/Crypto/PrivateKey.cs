using System.Security.Cryptography;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Crypto;

/// <summary>A secp256k1 secret key with its derived public key and address.</summary>
public sealed class PrivateKey
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
        if (secret.Length != Secp256k1.SecretKeyLength)
            throw new FormatException($"A private key is {Secp256k1.SecretKeyLength} bytes, got {secret.Length}.");
        if (!Secp256k1.IsValidSecretKey(secret))
            throw new FormatException("The private key is out of range for secp256k1 (zero or not below the curve order).");
        return new PrivateKey(secret.ToArray());
    }

    public static PrivateKey FromHex(string hex)
    {
        var text = hex.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            text = text[2..];
        if (text.Length != Secp256k1.SecretKeyLength * 2 || !text.All(Uri.IsHexDigit))
            throw new FormatException($"A private key is {Secp256k1.SecretKeyLength * 2} hex characters.");
        return FromBytes(Convert.FromHexString(text));
    }

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
