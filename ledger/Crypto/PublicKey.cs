using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Crypto;

/// <summary>
/// A validated secp256k1 public key, kept in 33-byte compressed form and in the library's parsed
/// form, so verifying under it costs no further parsing.
/// </summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    private readonly byte[] _compressed;
    private readonly byte[] _parsed;

    private PublicKey(byte[] compressed, byte[] parsed)
    {
        _compressed = compressed;
        _parsed = parsed;
        Address = Address.FromPublicKey(compressed);
    }

    public Address Address { get; }

    public ReadOnlySpan<byte> Span => _compressed;

    /// <summary>Accepts 33-byte compressed or 65-byte uncompressed keys that lie on the curve.</summary>
    public static PublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is not (Secp256k1.CompressedPublicKeyLength or Secp256k1.UncompressedPublicKeyLength))
            throw new FormatException($"A public key is 33 bytes (compressed) or 65 bytes (uncompressed), got {bytes.Length}.");
        var parsed = new byte[Secp256k1.ParsedPublicKeyLength];
        if (!Secp256k1.TryParsePublicKey(bytes, parsed))
            throw new FormatException("The public key is not a point on secp256k1.");
        var compressed = new byte[Secp256k1.CompressedPublicKeyLength];
        Secp256k1.SerializeCompressed(parsed, compressed);
        return new PublicKey(compressed, parsed);
    }

    public static PublicKey FromHex(string hex)
    {
        var text = hex.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            text = text[2..];
        if (text.Length % 2 != 0 || !text.All(Uri.IsHexDigit))
            throw new FormatException($"'{hex}' is not hex.");
        return FromBytes(Convert.FromHexString(text));
    }

    public bool Verify(Hash32 digest, ReadOnlySpan<byte> signature) =>
        Secp256k1.VerifyParsed(_parsed, digest.Span, signature);

    public byte[] ToArray() => (byte[])_compressed.Clone();

    public Google.Protobuf.ByteString ToByteString() => Google.Protobuf.ByteString.CopyFrom(_compressed);

    public bool Equals(PublicKey? other) => other is not null && _compressed.AsSpan().SequenceEqual(other._compressed);

    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    public override int GetHashCode() => BitConverter.ToInt32(_compressed, 1);

    public override string ToString() => Convert.ToHexStringLower(_compressed);
}
