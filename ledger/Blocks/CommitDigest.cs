using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Blocks;

/// <summary>
/// What a validator signs to commit a block: SHA-256 of a fixed tag and the block hash. The tag
/// keeps a commit signature from being replayed as any other signed message.
/// </summary>
public static class CommitDigest
{
    private static readonly byte[] Tag = "chainnode/commit/v1"u8.ToArray();

    public static Hash32 For(Hash32 blockHash)
    {
        Span<byte> buffer = stackalloc byte[Tag.Length + Hash32.Length];
        Tag.CopyTo(buffer);
        blockHash.Span.CopyTo(buffer[Tag.Length..]);
        return Hash32.Compute(buffer);
    }
}
