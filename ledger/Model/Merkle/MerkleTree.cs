using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Merkle;

/// <summary>
/// Binary Merkle root with domain-separated leaves (0x00) and nodes (0x01), so a leaf can never
/// pose as an inner node. An odd node is carried up unchanged rather than duplicated, which
/// avoids Bitcoin's duplicate-leaf ambiguity (CVE-2012-2459). The empty root is SHA-256("").
/// </summary>
public static class MerkleTree
{
    public static readonly Hash32 EmptyRoot = Hash32.Compute([]);

    private static readonly byte[] LeafTag = [0x00];

    public static Hash32 LeafHash(ReadOnlySpan<byte> item) => Hash32.Compute(LeafTag, item);

    public static Hash32 NodeHash(Hash32 left, Hash32 right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Hash32.Length];
        buffer[0] = 0x01;
        left.Span.CopyTo(buffer[1..]);
        right.Span.CopyTo(buffer[(1 + Hash32.Length)..]);
        return Hash32.Compute(buffer);
    }

    /// <summary>Root over already-hashed leaves (see <see cref="LeafHash"/>).</summary>
    public static Hash32 RootOfLeaves(IReadOnlyList<Hash32> leaves) => Root(leaves, static leaf => leaf);

    /// <summary>Root over items whose leaf hashes <paramref name="leafHash"/> computes (with <see cref="LeafHash"/>).</summary>
    public static Hash32 Root<T>(IReadOnlyList<T> items, Func<T, Hash32> leafHash)
    {
        if (items.Count == 0)
            return EmptyRoot;
        var leaves = new Hash32[items.Count];
        for (var i = 0; i < leaves.Length; i++)
            leaves[i] = leafHash(items[i]);
        return ReduceInPlace(leaves);
    }

    // Each level overwrites the front of the one below it.
    private static Hash32 ReduceInPlace(Hash32[] level)
    {
        var count = level.Length;
        while (count > 1)
        {
            var next = 0;
            for (var i = 0; i < count; i += 2)
                level[next++] = i + 1 < count ? NodeHash(level[i], level[i + 1]) : level[i];
            count = next;
        }
        return level[0];
    }
}
