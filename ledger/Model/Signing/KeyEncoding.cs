namespace ChainNode.Ledger.Signing;

/// <summary>
/// How keys are written down (hex, optional 0x) and the length rules with their messages, for
/// the node's native key types and the wallet's managed ones alike. Whether a secret is in range
/// or a point is on the curve is each implementation's to check.
/// </summary>
public static class KeyEncoding
{
    /// <summary>The 32 bytes of a hex private key; <see cref="FormatException"/> otherwise.</summary>
    public static byte[] SecretFromHex(string hex)
    {
        var text = StripPrefix(hex);
        if (text.Length != SignatureFormat.SecretKeyLength * 2 || !text.All(Uri.IsHexDigit))
            throw new FormatException($"A private key is {SignatureFormat.SecretKeyLength * 2} hex characters.");
        return Convert.FromHexString(text);
    }

    /// <summary>The bytes of a hex public key (length checked by <see cref="RequirePublicKeyLength"/> afterwards).</summary>
    public static byte[] PublicKeyFromHex(string hex)
    {
        var text = StripPrefix(hex);
        if (text.Length % 2 != 0 || !text.All(Uri.IsHexDigit))
            throw new FormatException($"'{hex}' is not hex.");
        return Convert.FromHexString(text);
    }

    public static void RequireSecretLength(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SignatureFormat.SecretKeyLength)
            throw new FormatException($"A private key is {SignatureFormat.SecretKeyLength} bytes, got {secret.Length}.");
    }

    /// <summary>33-byte compressed or 65-byte uncompressed.</summary>
    public static void RequirePublicKeyLength(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length is not (SignatureFormat.CompressedPublicKeyLength or SignatureFormat.UncompressedPublicKeyLength))
            throw new FormatException($"A public key is 33 bytes (compressed) or 65 bytes (uncompressed), got {publicKey.Length}.");
    }

    public const string SecretOutOfRange = "The private key is out of range for secp256k1 (zero or not below the curve order).";

    public const string NotOnCurve = "The public key is not a point on secp256k1.";

    private static string StripPrefix(string hex)
    {
        var text = hex.Trim();
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
    }
}
