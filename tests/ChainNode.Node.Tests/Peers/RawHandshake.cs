using System.Security.Cryptography;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;
using ChainNode.Node.Peers;
using ChainNode.Node.Peers.Protos;
using ChainNode.Rpc.Transport;
using Google.Protobuf;

namespace ChainNode.Node.Tests.Peers;

/// <summary>The client side of the peer handshake by hand, for tests that act as a peer with a key of their choosing.</summary>
internal static class RawHandshake
{
    public static async Task<HandshakeResponse> RunAsync(GrpcClient peer, PrivateKey key, PublicKey server, Hash32 genesisHash)
    {
        var challenge = await peer.UnaryAsync("/chainnode.peer.Peer/Challenge",
            new ChallengeRequest { PublicKey = key.PublicKey.ToByteString(), GenesisHash = genesisHash.ToByteString(), ClientNonce = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)) },
            ChallengeResponse.Parser);
        var digest = HandshakeDigest.For(HandshakeDigest.Role.Client, genesisHash, key.PublicKey, server, challenge.ServerChallenge.Span);
        return await peer.UnaryAsync("/chainnode.peer.Peer/Handshake",
            new HandshakeRequest { PublicKey = key.PublicKey.ToByteString(), ServerChallenge = challenge.ServerChallenge, Signature = ByteString.CopyFrom(key.Sign(digest)) },
            HandshakeResponse.Parser);
    }

    public static Task<DeliverAck> DeliverAsync(GrpcClient peer, ByteString session) =>
        peer.UnaryAsync("/chainnode.peer.Peer/Deliver", new PeerBatch { Session = session }, DeliverAck.Parser);

    public static Task<FetchBlocksResponse> FetchAsync(GrpcClient peer, ByteString session, ulong from = 1, uint max = 2) =>
        peer.UnaryAsync("/chainnode.peer.Peer/FetchBlocks", new FetchBlocksRequest { Session = session, FromHeight = from, MaxBlocks = max }, FetchBlocksResponse.Parser);
}
