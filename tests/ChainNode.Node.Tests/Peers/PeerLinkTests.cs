using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;
using ChainNode.Node.Mempool;
using ChainNode.Node.Operations;
using ChainNode.Node.Peers;
using ChainNode.Node.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChainNode.Node.Tests.Peers;

[TestClass]
public sealed class PeerLinkTests
{
    [TestMethod]
    public void A_dead_peers_queue_is_bounded_and_counts_what_it_drops()
    {
        var metrics = new NodeMetrics();
        var key = PrivateKey.FromInsecureSeed("link-test");
        var context = new PeerLinkContext(key, TlsIdentity.Generate("link-test"), Hash32.Zero, QueueCapacity: 16, MaxMessageBytes: 1 << 20,
            new PeerStatusBoard(TimeProvider.System), metrics, NullLogger.Instance, TimeProvider.System, () => 0);
        // Nobody listens on port 9 of loopback; the link is never started, as if the peer were dead.
        using var link = new PeerLink(new Validator(1, "validator-1", PrivateKey.FromInsecureSeed("peer").PublicKey, "127.0.0.1:9"), context);
        for (var i = 0; i < 20; i++)
            link.Enqueue(new SignedMessage { Kind = MessageKind.Prepare, Sender = 0 });
        var rendered = metrics.Render(new LiveGauges(0, 0, 0, 0, 0, []));
        StringAssert.Contains(rendered, "chainnode_peer_messages_dropped_total 4");
    }

    [TestMethod]
    public void Handshake_digests_bind_role_chain_both_keys_and_both_tls_certificates()
    {
        var fresh = new byte[32];
        var tls = new HandshakeDigest.Channel(Hash32.Compute("client certificate"u8), Hash32.Compute("server certificate"u8));
        var genesis = Hash32.Compute("genesis"u8);
        var one = PrivateKey.FromInsecureSeed("one").PublicKey;
        var two = PrivateKey.FromInsecureSeed("two").PublicKey;
        var digests = new[]
        {
            HandshakeDigest.For(HandshakeDigest.Role.Client, genesis, one, two, fresh, tls),
            HandshakeDigest.For(HandshakeDigest.Role.Server, genesis, one, two, fresh, tls),
            HandshakeDigest.For(HandshakeDigest.Role.Client, Hash32.Zero, one, two, fresh, tls),
            HandshakeDigest.For(HandshakeDigest.Role.Client, genesis, two, one, fresh, tls),
            HandshakeDigest.For(HandshakeDigest.Role.Client, genesis, one, two, new byte[] { 1 }, tls),
            HandshakeDigest.For(HandshakeDigest.Role.Client, genesis, one, two, fresh, tls with { ServerCertificate = Hash32.Zero }),
            HandshakeDigest.For(HandshakeDigest.Role.Client, genesis, one, two, fresh, tls with { ClientCertificate = Hash32.Zero }),
            HandshakeDigest.For(HandshakeDigest.Role.Client, genesis, one, two, fresh, new HandshakeDigest.Channel(tls.ServerCertificate, tls.ClientCertificate)),
        };
        Assert.AreEqual(digests.Length, digests.Distinct().Count());
    }

    [TestMethod]
    public void A_link_pins_the_certificate_its_handshake_signed_and_keeps_the_last_one_seen_after_unpinning()
    {
        var pin = new CertificatePin();
        var first = TlsIdentity.Generate("first").Certificate;
        var second = TlsIdentity.Generate("second").Certificate;
        Assert.IsTrue(pin.Accept(first));
        pin.Pin(pin.LastSeen!.Value);
        Assert.IsFalse(pin.Accept(second), "a pinned link refuses another certificate");
        pin.Unpin();
        // The session failed but the connection stayed up: the next handshake reuses it with no new
        // TLS handshake, so the certificate it signs must still be known (a 2/2 partition never
        // healed when unpinning forgot it).
        Assert.AreEqual(TlsIdentity.HashOf(first), pin.LastSeen);
        Assert.IsTrue(pin.Accept(second), "unpinned, the peer may show a new certificate");
        Assert.AreEqual(TlsIdentity.HashOf(second), pin.LastSeen);
    }

    [TestMethod]
    public void Metrics_list_every_rejection_reason()
    {
        var metrics = new NodeMetrics();
        metrics.TxRejected(RejectReason.BadSignature);
        var rendered = metrics.Render(new LiveGauges(5, 1, 2, 300, 0, [new LiveGauges.Peer("validator-1", true, 0.5, 5)]));
        foreach (var reason in RejectReasons.All)
            StringAssert.Contains(rendered, $"chainnode_txs_rejected_total{{reason=\"{RejectReasons.Token(reason)}\"}}");
        StringAssert.Contains(rendered, "chainnode_txs_rejected_total{reason=\"bad_signature\"} 1");
        StringAssert.Contains(rendered, "chainnode_peer_up{peer=\"validator-1\"} 1");
        StringAssert.Contains(rendered, "chainnode_tx_commit_latency_seconds_bucket{le=\"+Inf\"} 0");
    }
}
