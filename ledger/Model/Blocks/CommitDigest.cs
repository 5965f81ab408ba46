using System.Buffers.Binary;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Blocks;

/// <summary>
/// What a validator signs to commit a block: SHA-256 of a fixed tag, the height, the PBFT view
/// of the commit round and the block hash. The same signature is the validator's PBFT COMMIT
/// vote and its entry in the block's certificate, so a certificate is a quorum of commits from
/// one view, as in PBFT. The tag keeps it from being replayed as any other signed message.
/// </summary>
public static class CommitDigest
{
    private static readonly byte[] Tag = "chainnode/commit/v1"u8.ToArray();

    public static Hash32 For(ulong height, ulong view, Hash32 blockHash)
    {
        Span<byte> buffer = stackalloc byte[Tag.Length + 16 + Hash32.Length];
        Tag.CopyTo(buffer);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[Tag.Length..], height);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(Tag.Length + 8)..], view);
        blockHash.Span.CopyTo(buffer[(Tag.Length + 16)..]);
        return Hash32.Compute(buffer);
    }
}
