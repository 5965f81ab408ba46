using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using Google.Protobuf;

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
        // Hashed in two parts: a proposal's payload is a whole block, not worth copying.
        Span<byte> prefix = stackalloc byte[Tag.Length + 1];
        Tag.CopyTo(prefix);
        prefix[Tag.Length] = (byte)kind;
        return Hash32.Compute(prefix, payload);
    }

    public static Hash32 ForCommit(Commit commit) =>
        CommitDigest.For(commit.Height, commit.View, new Hash32(commit.BlockHash.Span));

    /// <summary>Encodes <paramref name="payload"/> and signs it as <paramref name="sender"/>, the one way every signed message is made.</summary>
    public static SignedMessage Sign(MessageKind kind, int sender, IMessage payload, IMessageAuthenticator authenticator)
    {
        var bytes = payload.ToByteString();
        var digest = payload is Commit commit ? ForCommit(commit) : For(kind, bytes.Span);
        return new SignedMessage
        {
            Kind = kind,
            Sender = (uint)sender,
            Payload = bytes,
            Signature = ByteString.CopyFrom(authenticator.Sign(digest)),
        };
    }
}
