using System.Security.Cryptography;
using ChainNode.Ledger.Signing;
using ChainNode.Ledger.Types;
using NBitcoin.Secp256k1;

namespace ChainNode.Wallet.Keys;

/// <summary>
/// A secp256k1 private key signed with managed code (NBitcoin.Secp256k1), so the wallet runs
/// where libsecp256k1 is not installed. It signs exactly as the node's native key does:
/// RFC 6979 nonces, low S, 64-byte compact r||s (proven by the differential tests).
/// </summary>
public sealed class WalletKey : ISigningKey
{
    private readonly byte[] _secret;
    private readonly ECPrivKey _key;

    private WalletKey(byte[] secret, ECPrivKey key)
    {
        _secret = secret;
        _key = key;
        PublicKey = WalletPublicKey.From(key.CreatePubKey());
    }

    public WalletPublicKey PublicKey { get; }

    public Address Address => PublicKey.Address;

    public ReadOnlySpan<byte> PublicKeyBytes => PublicKey.Span;

    /// <summary>A fresh key from the OS random source.</summary>
    public static WalletKey Generate()
    {
        var secret = new byte[SignatureFormat.SecretKeyLength];
        while (true)
        {
            RandomNumberGenerator.Fill(secret);
            if (ECPrivKey.TryCreate(secret, out var key))
                return new WalletKey(secret, key);
        }
    }

    public static WalletKey FromBytes(ReadOnlySpan<byte> secret)
    {
        KeyEncoding.RequireSecretLength(secret);
        if (!ECPrivKey.TryCreate(secret, out var key))
            throw new FormatException(KeyEncoding.SecretOutOfRange);
        return new WalletKey(secret.ToArray(), key);
    }

    public static WalletKey FromHex(string hex) => FromBytes(KeyEncoding.SecretFromHex(hex));

    /// <summary>Signs a digest; deterministic (RFC 6979) and always low-S, as the chain requires.</summary>
    public byte[] Sign(Hash32 digest)
    {
        var signature = new byte[SignatureFormat.SignatureLength];
        _key.SignECDSARFC6979(digest.Span).WriteCompactToSpan(signature);
        return signature;
    }

    public string ToHex() => Convert.ToHexStringLower(_secret);
}
