using ChainNode.Ledger.Signing;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Crypto;

/// <summary>
/// A validated secp256k1 public key, kept in 33-byte compressed form and in the library's parsed
/// form, so verifying under it costs no further parsing.
/// </summary>
public sealed class PublicKey : IEquatable<PublicKey>, IVerifyingKey
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
        KeyEncoding.RequirePublicKeyLength(bytes);
        var parsed = new byte[Secp256k1.ParsedPublicKeyLength];
        if (!Secp256k1.TryParsePublicKey(bytes, parsed))
            throw new FormatException(KeyEncoding.NotOnCurve);
        var compressed = new byte[Secp256k1.CompressedPublicKeyLength];
        Secp256k1.SerializeCompressed(parsed, compressed);
        return new PublicKey(compressed, parsed);
    }

    public static PublicKey FromHex(string hex) => FromBytes(KeyEncoding.PublicKeyFromHex(hex));

    public bool Verify(Hash32 digest, ReadOnlySpan<byte> signature) =>
        Secp256k1.VerifyParsed(_parsed, digest.Span, signature);

    public byte[] ToArray() => (byte[])_compressed.Clone();

    public Google.Protobuf.ByteString ToByteString() => Google.Protobuf.ByteString.CopyFrom(_compressed);

    public bool Equals(PublicKey? other) => other is not null && _compressed.AsSpan().SequenceEqual(other._compressed);

    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    public override int GetHashCode() => BitConverter.ToInt32(_compressed, 1);

    public override string ToString() => Convert.ToHexStringLower(_compressed);
}
