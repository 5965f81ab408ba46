using System.Security.Cryptography;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Node.Peers;
using ChainNode.Node.Peers.Protos;
using ChainNode.Node.Testing;
using ChainNode.Rpc.Api;
using ChainNode.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace ChainNode.Integration.Tests.Network;

/// <summary>Bad txs and unknown peers against a running network: each gets its precise refusal, and the node stays up.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class RefusalTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task Bad_transactions_and_a_peer_outside_genesis_are_refused_or_only_followed_and_the_chain_goes_on()
    {
        await using var net = await LocalNetwork.StartAsync();
        try
        {
            var api = net.Clients[0];
            var recipient = net.Members[1].Address;
            var first = net.Transfer(0, recipient, 10);
            await api.SubmitTxAsync(first);
            await Eventually.Async(async () => (await api.GetTxAsync(TransactionCodec.HashOf(first).ToArray())).Status == TxStatus.Committed,
                LocalNetwork.Patience, "the first transfer to commit");

            await AssertRefusedAsync(api, first, StatusCode.AlreadyExists, "duplicate");
            await AssertRefusedAsync(api, net.Transfer(0, recipient, 11, nonce: 0), StatusCode.FailedPrecondition, "nonce_too_low");
            var forged = net.Transfer(0, recipient, 12);
            var signature = forged.Signature.ToByteArray();
            signature[10] ^= 0x40;
            await AssertRefusedAsync(api, new SignedTx { Body = forged.Body, Signature = ByteString.CopyFrom(signature) }, StatusCode.InvalidArgument, "bad_signature");
            var outsider = PrivateKey.Generate();
            await AssertRefusedAsync(api, LocalNetwork.Sign(outsider, TransferBody(outsider, recipient, net.Genesis.ChainId)), StatusCode.PermissionDenied, "not_member");
            await AssertRefusedAsync(api, net.Transfer(2, recipient, 1, chainId: "some-other-chain", nonce: 0), StatusCode.InvalidArgument, "wrong_chain_id");
            var huge = new TxBody
            {
                ChainId = net.Genesis.ChainId,
                SenderPublicKey = net.Members[2].PublicKey.ToByteString(),
                GasLimit = 1_000_000,
                Deploy = new ContractDeploy { Code = ByteString.CopyFrom(new byte[200 * 1024]) },
            };
            await AssertRefusedAsync(api, LocalNetwork.Sign(net.Members[2], huge), StatusCode.InvalidArgument, "too_large");
            await AssertRefusedAsync(api, net.Transfer(3, recipient, ulong.MaxValue / 2, nonce: 0), StatusCode.FailedPrecondition, "insufficient_balance");
            var overLimit = new SignedTx { Body = ByteString.CopyFrom(new byte[2 * 1024 * 1024]) };
            var tooBig = await Assert.ThrowsExactlyAsync<RpcException>(() => api.SubmitTxAsync(overLimit));
            Assert.AreEqual(StatusCode.ResourceExhausted, tooBig.StatusCode, tooBig.Message);

            await AssertUnknownPeerIsRefusedAsync(net);

            // Still up, still committing.
            var after = net.Transfer(0, recipient, 13, nonce: 1);
            await api.SubmitTxAsync(after);
            await Eventually.Async(async () => (await net.Clients[1].GetTxAsync(TransactionCodec.HashOf(after).ToArray())).Status == TxStatus.Committed,
                LocalNetwork.Patience, "a valid transfer to commit after the refusals");
            // The console logger writes on its own thread.
            await Eventually.Async(() => Task.FromResult(File.ReadAllText(net.Nodes[0].LogFile).Contains("failed the handshake", StringComparison.Ordinal)),
                LocalNetwork.Patience, "node 0 to log the refused handshake");

            using var http = new HttpClient { BaseAddress = new Uri(net.Description.Nodes[0].HttpUrl) };
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            foreach (var reason in new[] { "duplicate", "nonce_too_low", "bad_signature", "not_member", "wrong_chain_id", "too_large", "insufficient_balance" })
                StringAssert.Contains(metrics, $"chainnode_txs_rejected_total{{reason=\"{reason}\"}} 1", reason);
            StringAssert.Contains(metrics, "chainnode_peer_up{peer=\"validator-1\"} 1");
            // Node 0 gossiped its two accepted txs to each of its 3 peers (again, if they were slow to commit), and voted.
            await Eventually.Async(async () =>
                {
                    var now = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                    return MetricsText.Value(now, "chainnode_peer_txs_sent_total") >= 6
                        && MetricsText.Value(now, "chainnode_peer_batches_sent_total{kind=\"txs\"}") >= 3
                        && MetricsText.Value(now, "chainnode_peer_batches_sent_total{kind=\"consensus\"}") >= 3;
                },
                LocalNetwork.Patience, "node 0 to report the batches it delivered to its peers");
            var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.AreEqual(System.Net.HttpStatusCode.OK, health.StatusCode);
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    private static async Task AssertRefusedAsync(PublicApiClient api, SignedTx tx, StatusCode code, string reason)
    {
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => api.SubmitTxAsync(tx));
        Assert.AreEqual(code, error.StatusCode, error.Status.Detail);
        Assert.IsTrue(error.Status.Detail.StartsWith(reason + ": ", StringComparison.Ordinal), $"expected reason '{reason}', got '{error.Status.Detail}'");
    }

    private static TxBody TransferBody(PrivateKey sender, Address to, string chainId) => new()
    {
        ChainId = chainId,
        SenderPublicKey = sender.PublicKey.ToByteString(),
        GasLimit = 21_000,
        Transfer = new Transfer { To = to.ToByteString(), Amount = 1 },
    };

    // A node with a key that is not in genesis claims to be validator 1 and must be turned away;
    // one that proves its own key gets a follower session: it may fetch blocks, never deliver.
    private static async Task AssertUnknownPeerIsRefusedAsync(LocalNetwork net)
    {
        var genesisHash = new Hash32((await net.StatusAsync(0)).GenesisHash.Span);
        var server = net.Genesis.Validators[0].PublicKey;
        var validator1 = net.Genesis.Validators[1].PublicKey;
        using var peer = new PeerClient(net.Description.Nodes[0].PeerAddress);
        var challenge = await peer.Api.ChallengeAsync(new ChallengeRequest { PublicKey = validator1.ToByteString(), GenesisHash = genesisHash.ToByteString(), ClientNonce = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)) }).ResponseAsync;
        var impostor = PrivateKey.Generate();
        var digest = HandshakeDigest.For(HandshakeDigest.Role.Client, genesisHash, validator1, server, challenge.ServerChallenge.Span, peer.Channel);
        var refused = await Assert.ThrowsExactlyAsync<RpcException>(() => peer.Api.HandshakeAsync(new HandshakeRequest { PublicKey = validator1.ToByteString(), ServerChallenge = challenge.ServerChallenge, Signature = ByteString.CopyFrom(impostor.Sign(digest)) }).ResponseAsync);
        Assert.AreEqual(StatusCode.PermissionDenied, refused.StatusCode, refused.Status.Detail);

        var notAKey = await Assert.ThrowsExactlyAsync<RpcException>(() => peer.Api.ChallengeAsync(new ChallengeRequest { PublicKey = ByteString.CopyFrom(new byte[33]), GenesisHash = genesisHash.ToByteString(), ClientNonce = ByteString.CopyFrom(new byte[32]) }).ResponseAsync);
        Assert.AreEqual(StatusCode.InvalidArgument, notAKey.StatusCode, notAKey.Status.Detail);

        var follower = await RawHandshake.RunAsync(peer, impostor, server, genesisHash);
        Assert.IsTrue(follower.Follower, "a key in no validator set gets a follower session");
        var fetched = await RawHandshake.FetchAsync(peer, follower.Session, from: 1, max: 1);
        Assert.AreEqual(1, fetched.Blocks.Count, "a follower fetches certified blocks");
        Assert.IsGreaterThanOrEqualTo(1UL, fetched.HeadHeight);
        var deliver = await Assert.ThrowsExactlyAsync<RpcException>(() => RawHandshake.DeliverAsync(peer, follower.Session));
        Assert.AreEqual(StatusCode.PermissionDenied, deliver.StatusCode, deliver.Status.Detail);
        StringAssert.Contains(deliver.Status.Detail, "is not a validator of the current epoch");

        var noSession = await Assert.ThrowsExactlyAsync<RpcException>(() => peer.Api.DeliverAsync(new DeliverRequest { Session = ByteString.CopyFrom(new byte[32]) }).ResponseAsync);
        Assert.AreEqual(StatusCode.Unauthenticated, noSession.StatusCode);
    }
}
