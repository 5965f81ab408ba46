using System.Security.Cryptography;
using ChainNode.Integration.Tests.Network;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Types;
using ChainNode.Node.Peers;
using ChainNode.Node.Peers.Protos;
using ChainNode.Node.Testing;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChainNode.Integration.Tests.Peers;

/// <summary>The peer port speaks only TLS, and the handshake is bound to the TLS connection it ran over.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class PeerTlsTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task The_peer_port_refuses_plaintext_http2()
    {
        await using var net = await LocalNetwork.StartAsync(validators: 1, members: 1);
        using var plaintext = GrpcChannel.ForAddress($"http://{net.Description.Nodes[0].PeerAddress}");
        var client = new PeerService.PeerServiceClient(plaintext);
        var refused = await Assert.ThrowsExactlyAsync<RpcException>(() => client.ChallengeAsync(Challenge(PrivateKey.Generate().PublicKey, GenesisHash(net)),
            deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        Assert.AreEqual(StatusCode.Unavailable, refused.StatusCode, refused.Status.Detail);

        // The same call over TLS is answered: the refusal above is the missing TLS, nothing else.
        using var tls = new PeerClient(net.Description.Nodes[0].PeerAddress);
        var answered = await tls.Api.ChallengeAsync(Challenge(PrivateKey.Generate().PublicKey, GenesisHash(net))).ResponseAsync;
        Assert.AreEqual(net.Genesis.Validators[0].PublicKey.ToByteString(), answered.PublicKey);
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_relay_that_terminates_tls_on_both_sides_cannot_pass_a_handshake_on()
    {
        await using var net = await LocalNetwork.StartAsync(validators: 1, members: 1);
        var genesisHash = GenesisHash(net);
        var server = net.Genesis.Validators[0].PublicKey;
        var key = PrivateKey.Generate();

        // Control: the same handshake made directly passes (as a follower: the key is in no set).
        using (var direct = new PeerClient(net.Description.Nodes[0].PeerAddress))
            Assert.IsTrue((await RawHandshake.RunAsync(direct, key, server, genesisHash)).Follower);

        using var upstream = new PeerClient(net.Description.Nodes[0].PeerAddress);
        await using var relay = await LoopbackGrpcServer.StartAsync(new Relay(upstream.Api), peerTls: Node.Tls.TlsIdentity.Generate("relay"));
        using var victim = new PeerClient($"{relay.Address.Host}:{relay.Address.Port}");
        var nonce = RandomNumberGenerator.GetBytes(32);
        var challenge = await victim.Api.ChallengeAsync(new ChallengeRequest { PublicKey = key.PublicKey.ToByteString(), GenesisHash = genesisHash.ToByteString(), ClientNonce = ByteString.CopyFrom(nonce) }).ResponseAsync;
        Assert.AreEqual(server.ToByteString(), challenge.PublicKey, "the relay forwarded the node's answer");
        var serverDigest = HandshakeDigest.For(HandshakeDigest.Role.Server, genesisHash, key.PublicKey, server, nonce, victim.Channel);
        Assert.IsFalse(server.Verify(serverDigest, challenge.Signature.Span), "the node signed the relay's certificates, not the ones this client sees");

        // Sent on regardless, the client's own signature fails at the node for the same reason.
        var clientDigest = HandshakeDigest.For(HandshakeDigest.Role.Client, genesisHash, key.PublicKey, server, challenge.ServerChallenge.Span, victim.Channel);
        var refused = await Assert.ThrowsExactlyAsync<RpcException>(() => victim.Api.HandshakeAsync(new HandshakeRequest
        {
            PublicKey = key.PublicKey.ToByteString(),
            ServerChallenge = challenge.ServerChallenge,
            Signature = ByteString.CopyFrom(key.Sign(clientDigest)),
        }).ResponseAsync);
        Assert.AreEqual(StatusCode.PermissionDenied, refused.StatusCode, refused.Status.Detail);
        StringAssert.Contains(refused.Status.Detail, "failed the handshake");
    }

    private static Hash32 GenesisHash(LocalNetwork net) => GenesisBlock.Create(net.Genesis).Block.Hash;

    private static ChallengeRequest Challenge(PublicKey key, Hash32 genesisHash) => new()
    {
        PublicKey = key.ToByteString(),
        GenesisHash = genesisHash.ToByteString(),
        ClientNonce = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary>A man in the middle: its own TLS towards the client and towards the node, forwarding every call unchanged.</summary>
    private sealed class Relay(PeerService.PeerServiceClient node) : PeerService.PeerServiceBase
    {
        public override Task<ChallengeResponse> Challenge(ChallengeRequest request, ServerCallContext context) => node.ChallengeAsync(request).ResponseAsync;

        public override Task<HandshakeResponse> Handshake(HandshakeRequest request, ServerCallContext context) => node.HandshakeAsync(request).ResponseAsync;

        public override Task<DeliverResponse> Deliver(DeliverRequest request, ServerCallContext context) => node.DeliverAsync(request).ResponseAsync;

        public override Task<FetchBlocksResponse> FetchBlocks(FetchBlocksRequest request, ServerCallContext context) => node.FetchBlocksAsync(request).ResponseAsync;
    }
}
