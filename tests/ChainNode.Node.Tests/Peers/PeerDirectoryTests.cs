using ChainNode.Ledger.Crypto;
using ChainNode.Node.Operations;
using ChainNode.Node.Peers;
using ChainNode.Node.Testing;
using ChainNode.Testing;
using Grpc.Core;

namespace ChainNode.Node.Tests.Peers;

/// <summary>
/// The peer directory follows validator-set changes: keys that leave lose their sessions, keys
/// in no set may only follow (fetch blocks), re-added keys handshake again, and a validator that
/// moved is re-dialled. Each test runs the real peer service on loopback in this process.
/// </summary>
[TestClass]
public sealed class PeerDirectoryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly PrivateKey ServerKey = PeerServer.Network.ValidatorKeys[0];
    private static readonly PrivateKey ClientKey = PeerServer.Network.ValidatorKeys[1];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_node_in_no_validator_set_follows_a_validator_it_dials_learning_its_height_and_fetching_its_blocks()
    {
        await using var server = await PeerServer.StartAsync(ServerKey, blocks: 3);
        server.Peers.UpdatePeers([PeerServer.Unreachable(PeerServer.Network.ValidatorKeys[2], 2)]);
        var joiner = PrivateKey.FromInsecureSeed("joiner");
        var status = new PeerStatusBoard(TimeProvider.System);
        using var follower = new PeerNetwork(PeerServer.Context(joiner, status, new NodeMetrics()), new PeerSessions(TimeProvider.System));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        follower.UpdatePeers([server.AsValidator()]);
        follower.Start(stop.Token);
        try
        {
            await Eventually.Async(() => Task.FromResult(status.Report(ServerKey.PublicKey) is { Connected: true, Height: 3 }), Patience,
                "the follower to hear the validator's height through head-only fetches");
            Assert.AreEqual(PeerRole.Follower, server.Sessions.RoleOf(joiner.PublicKey));
            var fetched = await follower.FetchBlocksAsync(ServerKey.PublicKey, 1, 10, TestContext.CancellationToken);
            Assert.AreEqual(3, fetched.Blocks.Count);
        }
        finally
        {
            await stop.CancelAsync();
            await follower.StoppedAsync();
        }
    }

    [TestMethod]
    public async Task After_UpdatePeers_removes_a_key_its_session_is_dropped_and_its_next_batch_refused_and_once_re_added_it_handshakes_again()
    {
        await using var server = await PeerServer.StartAsync(ServerKey);
        var client = PeerServer.Unreachable(ClientKey, 1);
        server.Peers.UpdatePeers([client]);
        using var peer = new PeerClient(server.NetworkAddress);
        var session = await RawHandshake.RunAsync(peer, ClientKey, ServerKey.PublicKey, PeerServer.GenesisHash);
        Assert.IsFalse(session.Follower);
        Assert.AreEqual(server.Height, (await RawHandshake.DeliverAsync(peer, session.Session)).Height);

        server.Peers.UpdatePeers([PeerServer.Unreachable(PeerServer.Network.ValidatorKeys[2], 2)]);
        Assert.IsNull(server.Sessions.RoleOf(ClientKey.PublicKey), "its session was dropped");
        var refused = await Assert.ThrowsExactlyAsync<RpcException>(() => RawHandshake.DeliverAsync(peer, session.Session));
        Assert.AreEqual(StatusCode.PermissionDenied, refused.StatusCode, refused.Status.Detail);
        StringAssert.StartsWith(refused.Status.Detail, $"{ClientKey.PublicKey.Address} is not a validator of the current epoch");
        var asFollower = await RawHandshake.RunAsync(peer, ClientKey, ServerKey.PublicKey, PeerServer.GenesisHash);
        Assert.IsTrue(asFollower.Follower, "removed, it may still catch up as a follower");
        Assert.AreEqual(StatusCode.PermissionDenied, (await Assert.ThrowsExactlyAsync<RpcException>(() => RawHandshake.DeliverAsync(peer, asFollower.Session))).StatusCode);

        server.Peers.UpdatePeers([client]);
        var again = await RawHandshake.RunAsync(peer, ClientKey, ServerKey.PublicKey, PeerServer.GenesisHash);
        Assert.IsFalse(again.Follower);
        Assert.AreEqual(server.Height, (await RawHandshake.DeliverAsync(peer, again.Session)).Height);
    }

    [TestMethod]
    public async Task A_validator_whose_address_changed_is_re_dialled_at_the_new_address()
    {
        await using var before = await PeerServer.StartAsync(ServerKey);
        await using var after = await PeerServer.StartAsync(ServerKey);
        foreach (var server in new[] { before, after })
            server.Peers.UpdatePeers([PeerServer.Unreachable(ClientKey, 1)]);
        var status = new PeerStatusBoard(TimeProvider.System);
        using var network = new PeerNetwork(PeerServer.Context(ClientKey, status, new NodeMetrics()), new PeerSessions(TimeProvider.System));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        network.UpdatePeers([before.AsValidator()]);
        network.Start(stop.Token);
        try
        {
            await Eventually.Async(() => Task.FromResult(before.Sessions.RoleOf(ClientKey.PublicKey) == PeerRole.Validator), Patience, "a session at the first address");
            Assert.IsNull(after.Sessions.RoleOf(ClientKey.PublicKey));
            network.UpdatePeers([after.AsValidator()]);
            Assert.AreEqual(after.NetworkAddress, network.Directory.Single().NetworkAddress);
            await Eventually.Async(() => Task.FromResult(after.Sessions.RoleOf(ClientKey.PublicKey) == PeerRole.Validator), Patience, "a session at the new address");
            await Eventually.Async(() => Task.FromResult(status.Report(ServerKey.PublicKey) is { Connected: true }), Patience, "the moved validator to count as connected");
        }
        finally
        {
            await stop.CancelAsync();
            await network.StoppedAsync();
        }
    }

    [TestMethod]
    public void A_key_that_left_the_directory_gets_no_messages_and_cannot_be_fetched_from()
    {
        var status = new PeerStatusBoard(TimeProvider.System);
        using var network = new PeerNetwork(PeerServer.Context(ClientKey, status, new NodeMetrics()), new PeerSessions(TimeProvider.System));
        network.UpdatePeers([PeerServer.Unreachable(ServerKey, 0), PeerServer.Unreachable(ClientKey, 1)]);
        Assert.AreEqual(ServerKey.PublicKey, network.Directory.Single().PublicKey, "this node's own key is never a peer");
        network.UpdatePeers([]);
        Assert.IsEmpty(network.Directory);
        Assert.IsNull(status.Report(ServerKey.PublicKey));
        var refused = Assert.ThrowsExactly<RpcException>(() => network.FetchBlocksAsync(ServerKey.PublicKey, 1, 1, CancellationToken.None));
        Assert.AreEqual(StatusCode.FailedPrecondition, refused.StatusCode);
    }
}
