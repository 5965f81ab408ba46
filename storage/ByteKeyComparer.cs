namespace ChainNode.Storage;

/// <summary>
/// Lexicographic byte order (LevelDB's default comparator), and equality by content. Also
/// compares a span with a stored key, so dictionaries keyed by byte arrays can be searched
/// with a span (<c>GetAlternateLookup</c>) without copying it into a new array first.
/// </summary>
public sealed class ByteKeyComparer : IComparer<byte[]>, IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteKeyComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] key) => GetHashCode((ReadOnlySpan<byte>)key);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var hash = new HashCode();
        hash.AddBytes(alternate);
        return hash.ToHashCode();
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
