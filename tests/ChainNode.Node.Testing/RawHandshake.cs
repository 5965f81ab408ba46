using System.Security.Cryptography;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;
using ChainNode.Node.Peers;
using ChainNode.Node.Peers.Protos;
using Google.Protobuf;

namespace ChainNode.Node.Testing;

/// <summary>The client side of the peer handshake by hand, for tests that act as a peer with a key of their choosing.</summary>
public static class RawHandshake
{
    public static async Task<HandshakeResponse> RunAsync(PeerClient peer, PrivateKey key, PublicKey server, Hash32 genesisHash)
    {
        var challenge = await peer.Api.ChallengeAsync(new ChallengeRequest { PublicKey = key.PublicKey.ToByteString(), GenesisHash = genesisHash.ToByteString(), ClientNonce = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)) }).ResponseAsync;
        var digest = HandshakeDigest.For(HandshakeDigest.Role.Client, genesisHash, key.PublicKey, server, challenge.ServerChallenge.Span, peer.Channel);
        return await peer.Api.HandshakeAsync(new HandshakeRequest { PublicKey = key.PublicKey.ToByteString(), ServerChallenge = challenge.ServerChallenge, Signature = ByteString.CopyFrom(key.Sign(digest)) }).ResponseAsync;
    }

    public static Task<DeliverResponse> DeliverAsync(PeerClient peer, ByteString session) =>
        peer.Api.DeliverAsync(new DeliverRequest { Session = session }).ResponseAsync;

    public static Task<FetchBlocksResponse> FetchAsync(PeerClient peer, ByteString session, ulong from = 1, uint max = 2) =>
        peer.Api.FetchBlocksAsync(new FetchBlocksRequest { Session = session, FromHeight = from, MaxBlocks = max }).ResponseAsync;
}
