using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Peers;

/// <summary>
/// What each side of the peer handshake signs: the chain, both public keys, which side is
/// signing, and the other side's fresh random bytes, so a signature can't be replayed to another
/// node, another chain or the other direction.
/// </summary>
public static class HandshakeDigest
{
    private static readonly byte[] Tag = "chainnode/peer-handshake/v2"u8.ToArray();

    public enum Role : byte
    {
        Client = 1,
        Server = 2,
    }

    public static Hash32 For(Role role, Hash32 genesisHash, PublicKey client, PublicKey server, ReadOnlySpan<byte> freshBytes)
    {
        var keyBytes = Secp256k1.CompressedPublicKeyLength;
        var buffer = new byte[Tag.Length + 1 + Hash32.Length + 2 * keyBytes + freshBytes.Length];
        var span = buffer.AsSpan();
        Tag.CopyTo(span);
        span = span[Tag.Length..];
        span[0] = (byte)role;
        genesisHash.Span.CopyTo(span[1..]);
        span = span[(1 + Hash32.Length)..];
        client.Span.CopyTo(span);
        server.Span.CopyTo(span[keyBytes..]);
        freshBytes.CopyTo(span[(2 * keyBytes)..]);
        return Hash32.Compute(buffer);
    }
}
