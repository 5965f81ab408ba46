using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// The digest a consensus message's signature covers: a tag, the kind and the exact payload
/// bytes. A COMMIT instead signs the ledger's <see cref="CommitDigest"/>, so the signature can
/// go straight into the block's certificate.
/// </summary>
public static class MessageDigest
{
    private static readonly byte[] Tag = "chainnode/consensus/v1"u8.ToArray();

    public static Hash32 For(MessageKind kind, ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[Tag.Length + 1 + payload.Length];
        Tag.CopyTo(buffer, 0);
        buffer[Tag.Length] = (byte)kind;
        payload.CopyTo(buffer.AsSpan(Tag.Length + 1));
        return Hash32.Compute(buffer);
    }

    public static Hash32 ForCommit(Commit commit) =>
        CommitDigest.For(commit.Height, commit.View, new Hash32(commit.BlockHash.Span));
}
