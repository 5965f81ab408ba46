using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChainNode.Ledger.Types;

/// <summary>A 32-byte SHA-256 digest held by value: compared and hashed without allocating.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Hash32 : IEquatable<Hash32>
{
    public const int Length = 32;

    private readonly Vector256<byte> _bytes;

    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new FormatException($"A hash is {Length} bytes, got {bytes.Length}.");
        _bytes = Vector256.Create(bytes);
    }

    public static Hash32 Zero => default;

    public bool IsZero => _bytes == Vector256<byte>.Zero;

    [UnscopedRef]
    public ReadOnlySpan<byte> Span => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(in _bytes, 1));

    /// <summary>SHA-256 of <paramref name="data"/>.</summary>
    public static Hash32 Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Length];
        Hashing.Sha256.Hash(data, digest);
        return new Hash32(digest);
    }

    /// <summary>SHA-256 of <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public static Hash32 Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        Span<byte> digest = stackalloc byte[Length];
        Hashing.Sha256.Hash(first, second, digest);
        return new Hash32(digest);
    }

    public static Hash32 Parse(string hex)
    {
        var text = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (text.Length != Length * 2)
            throw new FormatException($"A hash is {Length * 2} hex characters, got {text.Length}.");
        try
        {
            return new Hash32(Convert.FromHexString(text));
        }
        catch (FormatException)
        {
            throw new FormatException($"'{hex}' is not a hex hash.");
        }
    }

    public byte[] ToArray() => Span.ToArray();

    public Google.Protobuf.ByteString ToByteString() => Google.Protobuf.ByteString.CopyFrom(Span);

    public bool Equals(Hash32 other) => _bytes == other._bytes;

    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    /// <summary>Orders hashes by their bytes, as LevelDB orders keys.</summary>
    public static readonly IComparer<Hash32> ByteOrder = Comparer<Hash32>.Create((a, b) => a.Span.SequenceCompareTo(b.Span));

    public override int GetHashCode() => _bytes.AsInt32().GetElement(0);

    public override string ToString() => Convert.ToHexStringLower(Span);

    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);
}
