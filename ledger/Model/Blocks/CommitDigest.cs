using System.Buffers.Binary;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Blocks;

/// <summary>
/// What a validator signs to commit a block: SHA-256 of a fixed tag, the chain's genesis hash,
/// the height, the PBFT view of the commit round and the block hash. The same signature is the
/// validator's PBFT COMMIT vote and its entry in the block's certificate, so a certificate is a
/// quorum of commits from one view, as in PBFT. The tag keeps it from being replayed as any
/// other signed message, the genesis hash from being replayed on another network that shares
/// a validator key.
/// </summary>
public static class CommitDigest
{
    private static readonly byte[] Tag = "chainnode/commit/v2"u8.ToArray();

    public static Hash32 For(Hash32 genesisHash, ulong height, ulong view, Hash32 blockHash)
    {
        Span<byte> buffer = stackalloc byte[Tag.Length + Hash32.Length + 16 + Hash32.Length];
        Tag.CopyTo(buffer);
        var at = Tag.Length;
        genesisHash.Span.CopyTo(buffer[at..]);
        at += Hash32.Length;
        BinaryPrimitives.WriteUInt64BigEndian(buffer[at..], height);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(at + 8)..], view);
        blockHash.Span.CopyTo(buffer[(at + 16)..]);
        return Hash32.Compute(buffer);
    }
}
