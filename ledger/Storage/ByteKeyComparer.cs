namespace ChainNode.Ledger.Storage;

/// <summary>Lexicographic byte order, the order LevelDB's default comparator uses.</summary>
public sealed class ByteKeyComparer : IComparer<byte[]>
{
    public static readonly ByteKeyComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
