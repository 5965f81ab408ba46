using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// The one place that computes what a consensus message's signature covers: a tag, the chain's
/// genesis hash, the validator epoch, the kind and the exact payload bytes. A COMMIT instead signs the ledger's
/// <see cref="CommitDigest"/> (which covers the genesis hash too), so the signature can go
/// straight into the block's certificate. The genesis hash keeps a validator key that serves
/// on two networks from having one network's messages replayed on the other; the epoch keeps a
/// validator's messages from one set's epoch (its VIEW-CHANGEs, CHECKPOINTs) counting in another.
/// </summary>
public static class MessageDigest
{
    private static readonly byte[] Tag = "chainnode/consensus/v3"u8.ToArray();

    public static Hash32 For(Hash32 genesisHash, ulong epoch, MessageKind kind, ReadOnlySpan<byte> payload)
    {
        // Hashed in two parts: a proposal's payload is a whole block, not worth copying.
        Span<byte> prefix = stackalloc byte[Tag.Length + Hash32.Length + sizeof(ulong) + 1];
        Tag.CopyTo(prefix);
        genesisHash.Span.CopyTo(prefix[Tag.Length..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(prefix[(Tag.Length + Hash32.Length)..], epoch);
        prefix[^1] = (byte)kind;
        return Hash32.Compute(prefix, payload);
    }

    public static Hash32 ForCommit(Hash32 genesisHash, Commit commit) =>
        CommitDigest.For(genesisHash, commit.Height, commit.View, new Hash32(commit.BlockHash.Span));

    /// <summary>What a received message's signature must cover.</summary>
    public static Hash32 Of(Hash32 genesisHash, SignedMessage message, IMessage payload) =>
        payload is Commit commit ? ForCommit(genesisHash, commit) : For(genesisHash, message.Epoch, message.Kind, message.Payload.Span);

    /// <summary>Encodes <paramref name="payload"/> and signs it as <paramref name="sender"/>, the one way every signed message is made.</summary>
    public static SignedMessage Sign(Hash32 genesisHash, ulong epoch, MessageKind kind, int sender, IMessage payload, IMessageAuthenticator authenticator)
    {
        var bytes = payload.ToByteString();
        var digest = payload is Commit commit ? ForCommit(genesisHash, commit) : For(genesisHash, epoch, kind, bytes.Span);
        return new SignedMessage
        {
            Kind = kind,
            Sender = (uint)sender,
            Epoch = epoch,
            Payload = bytes,
            Signature = ByteString.CopyFrom(authenticator.Sign(digest)),
        };
    }
}
