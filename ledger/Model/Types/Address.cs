using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ChainNode.Ledger.Types;

/// <summary>
/// A 20-byte account address: the first 20 bytes of SHA-256 of the 33-byte compressed public
/// key. Its text form is Bech32 with prefix "cn" (e.g. cn1...), whose checksum rejects typos.
/// </summary>
public readonly struct Address : IEquatable<Address>
{
    public const int Length = 20;
    public const string TextPrefix = "cn";

    private readonly Buffer20 _bytes;

    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new FormatException($"An address is {Length} bytes, got {bytes.Length}.");
        bytes.CopyTo(_bytes);
    }

    [UnscopedRef]
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>Byte order: the order member lists are kept in, so no dictionary order reaches state.</summary>
    public static readonly IComparer<Address> ByteOrder = Comparer<Address>.Create((a, b) => a.Span.SequenceCompareTo(b.Span));

    public static Address FromPublicKey(ReadOnlySpan<byte> compressedPublicKey)
    {
        var digest = Hash32.Compute(compressedPublicKey);
        return new Address(digest.Span[..Length]);
    }

    /// <summary>Parses the Bech32 text form; the error says what is wrong (prefix, character, checksum, length).</summary>
    public static Address Parse(string text)
    {
        var bytes = Bech32.Decode(text.Trim(), TextPrefix);
        if (bytes.Length != Length)
            throw new FormatException($"'{text}' holds {bytes.Length} bytes, but an address is {Length}.");
        return new Address(bytes);
    }

    public static bool TryParse(string text, out Address address, [NotNullWhen(false)] out string? error)
    {
        try
        {
            address = Parse(text);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            address = default;
            error = e.Message;
            return false;
        }
    }

    public byte[] ToArray() => Span.ToArray();

    public Google.Protobuf.ByteString ToByteString() => Google.Protobuf.ByteString.CopyFrom(Span);

    public bool Equals(Address other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Span);

    public override string ToString() => Bech32.Encode(TextPrefix, Span);

    public static bool operator ==(Address left, Address right) => left.Equals(right);

    public static bool operator !=(Address left, Address right) => !left.Equals(right);

    [InlineArray(Length)]
    private struct Buffer20
    {
        private byte _element;
    }
}
