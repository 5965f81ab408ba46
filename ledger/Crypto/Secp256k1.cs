using System.Security.Cryptography;
using ChainNode.Ledger.Signing;

namespace ChainNode.Ledger.Crypto;

/// <summary>
/// The chain's signature scheme: secp256k1 ECDSA over a 32-byte SHA-256 digest, 64-byte compact
/// r||s signatures, RFC 6979 nonces, and low-S only (a high-S signature is invalid here).
/// One randomized context is shared by all threads; after creation it is only read.
/// </summary>
public static unsafe class Secp256k1
{
    public const int SecretKeyLength = SignatureFormat.SecretKeyLength;
    public const int CompressedPublicKeyLength = SignatureFormat.CompressedPublicKeyLength;
    public const int UncompressedPublicKeyLength = SignatureFormat.UncompressedPublicKeyLength;
    public const int SignatureLength = SignatureFormat.SignatureLength;
    public const int DigestLength = SignatureFormat.DigestLength;

    private static readonly Lazy<nint> SharedContext = new(CreateContext, LazyThreadSafetyMode.ExecutionAndPublication);

    internal static nint Context => SharedContext.Value;

    private static nint CreateContext()
    {
        Secp256k1Native.Dependency.Load();
        var ctx = Secp256k1Native.ContextCreate(Secp256k1Native.ContextNone);
        if (ctx == 0)
            throw new InvalidOperationException("secp256k1_context_create failed.");
        // Blinding against side channels while signing; done once, before the context is shared.
        Span<byte> seed = stackalloc byte[32];
        RandomNumberGenerator.Fill(seed);
        fixed (byte* s = seed)
        {
            if (Secp256k1Native.ContextRandomize(ctx, s) != 1)
                throw new InvalidOperationException("secp256k1_context_randomize failed.");
        }
        return ctx;
    }

    /// <summary>True if <paramref name="secretKey"/> is 32 bytes and in [1, n-1].</summary>
    public static bool IsValidSecretKey(ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != SecretKeyLength)
            return false;
        fixed (byte* k = secretKey)
            return Secp256k1Native.SecretKeyVerify(Context, k) == 1;
    }

    /// <summary>Derives the 33-byte compressed public key.</summary>
    public static void DerivePublicKey(ReadOnlySpan<byte> secretKey, Span<byte> compressedOut)
    {
        RequireLength(secretKey, SecretKeyLength, nameof(secretKey));
        RequireLength(compressedOut, CompressedPublicKeyLength, nameof(compressedOut));
        Span<byte> pub = stackalloc byte[Secp256k1Native.OpaqueSize];
        fixed (byte* k = secretKey)
        fixed (byte* p = pub)
        fixed (byte* o = compressedOut)
        {
            if (Secp256k1Native.PublicKeyCreate(Context, p, k) != 1)
                throw new ArgumentException("The secret key is not a valid secp256k1 scalar.", nameof(secretKey));
            nuint len = CompressedPublicKeyLength;
            _ = Secp256k1Native.PublicKeySerialize(Context, o, &len, p, Secp256k1Native.EcCompressed);
        }
    }

    /// <summary>Signs a 32-byte digest deterministically (RFC 6979); the result is always low-S.</summary>
    public static void Sign(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> digest, Span<byte> signatureOut)
    {
        RequireLength(secretKey, SecretKeyLength, nameof(secretKey));
        RequireLength(digest, DigestLength, nameof(digest));
        RequireLength(signatureOut, SignatureLength, nameof(signatureOut));
        Span<byte> sig = stackalloc byte[Secp256k1Native.OpaqueSize];
        fixed (byte* k = secretKey)
        fixed (byte* d = digest)
        fixed (byte* s = sig)
        fixed (byte* o = signatureOut)
        {
            if (Secp256k1Native.EcdsaSign(Context, s, d, k, 0, 0) != 1)
                throw new ArgumentException("The secret key is not a valid secp256k1 scalar.", nameof(secretKey));
            _ = Secp256k1Native.SignatureSerializeCompact(Context, o, s);
        }
    }

    /// <summary>
    /// Verifies a 64-byte compact signature over a 32-byte digest under this chain's policy:
    /// wrong lengths, r or s out of range, an invalid key and high-S all give false.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        Span<byte> parsed = stackalloc byte[ParsedPublicKeyLength];
        return TryParsePublicKey(publicKey, parsed) && VerifyParsed(parsed, digest, signature);
    }

    /// <summary>Size of a public key in the library's parsed (internal) form.</summary>
    public const int ParsedPublicKeyLength = Secp256k1Native.OpaqueSize;

    /// <summary>
    /// Parses a 33- or 65-byte key into the library's internal form, which <see cref="VerifyParsed"/>
    /// takes: parsing a compressed key costs a square root, so a key used often is parsed once.
    /// </summary>
    public static bool TryParsePublicKey(ReadOnlySpan<byte> publicKey, Span<byte> parsedOut)
    {
        RequireLength(parsedOut, ParsedPublicKeyLength, nameof(parsedOut));
        if (publicKey.Length is not (CompressedPublicKeyLength or UncompressedPublicKeyLength))
            return false;
        fixed (byte* input = publicKey)
        fixed (byte* p = parsedOut)
            return Secp256k1Native.PublicKeyParse(Context, p, input, (nuint)publicKey.Length) == 1;
    }

    /// <summary>Writes the 33-byte compressed form of a parsed key.</summary>
    public static void SerializeCompressed(ReadOnlySpan<byte> parsed, Span<byte> compressedOut)
    {
        RequireLength(parsed, ParsedPublicKeyLength, nameof(parsed));
        RequireLength(compressedOut, CompressedPublicKeyLength, nameof(compressedOut));
        fixed (byte* p = parsed)
        fixed (byte* o = compressedOut)
        {
            nuint len = CompressedPublicKeyLength;
            _ = Secp256k1Native.PublicKeySerialize(Context, o, &len, p, Secp256k1Native.EcCompressed);
        }
    }

    /// <summary><see cref="Verify"/> with a key already parsed by <see cref="TryParsePublicKey"/>.</summary>
    public static bool VerifyParsed(ReadOnlySpan<byte> parsedPublicKey, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        RequireLength(parsedPublicKey, ParsedPublicKeyLength, nameof(parsedPublicKey));
        if (signature.Length != SignatureLength || digest.Length != DigestLength)
            return false;
        Span<byte> sig = stackalloc byte[Secp256k1Native.OpaqueSize];
        fixed (byte* p = parsedPublicKey)
        fixed (byte* compact = signature)
        fixed (byte* s = sig)
        fixed (byte* d = digest)
        {
            var ctx = Context;
            return Secp256k1Native.SignatureParseCompact(ctx, s, compact) == 1
                && Secp256k1Native.EcdsaVerify(ctx, s, d, p) == 1;
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> span, int length, string name)
    {
        if (span.Length != length)
            throw new ArgumentException($"{name} must be {length} bytes, got {span.Length}.", name);
    }
}
