using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Peers;

/// <summary>
/// What each side of the peer handshake signs: the chain, both public keys, which side is
/// signing, the other side's fresh random bytes, and the SHA-256 of both TLS certificates as
/// this side saw them. So a signature can't be replayed to another node, another chain or the
/// other direction, nor forwarded by a relay that terminates TLS (it shows each side a
/// certificate of its own, and the two sides then sign different hashes).
/// </summary>
public static class HandshakeDigest
{
    private static readonly byte[] Tag = "chainnode/peer-handshake/v3"u8.ToArray();

    public enum Role : byte
    {
        Client = 1,
        Server = 2,
    }

    /// <summary>The two TLS certificates of the connection, by their SHA-256.</summary>
    public readonly record struct Channel(Hash32 ClientCertificate, Hash32 ServerCertificate);

    public static Hash32 For(Role role, Hash32 genesisHash, PublicKey client, PublicKey server, ReadOnlySpan<byte> freshBytes, Channel channel)
    {
        var keyBytes = Secp256k1.CompressedPublicKeyLength;
        var buffer = new byte[Tag.Length + 1 + Hash32.Length + 2 * keyBytes + freshBytes.Length + 2 * Hash32.Length];
        var span = buffer.AsSpan();
        Tag.CopyTo(span);
        span = span[Tag.Length..];
        span[0] = (byte)role;
        genesisHash.Span.CopyTo(span[1..]);
        span = span[(1 + Hash32.Length)..];
        client.Span.CopyTo(span);
        server.Span.CopyTo(span[keyBytes..]);
        freshBytes.CopyTo(span[(2 * keyBytes)..]);
        span = span[(2 * keyBytes + freshBytes.Length)..];
        channel.ClientCertificate.Span.CopyTo(span);
        channel.ServerCertificate.Span.CopyTo(span[Hash32.Length..]);
        return Hash32.Compute(buffer);
    }
}
