using ChainNode.Node.Peers;
using ChainNode.Node.Peers.Protos;
using ChainNode.Node.Tls;
using ChainNode.Rpc.Transport;
using Grpc.Net.Client;

namespace ChainNode.Node.Testing;

/// <summary>
/// The standard generated client of a node's peer port, over TLS with a certificate of its own
/// (as a real peer link), for tests that act as a peer.
/// </summary>
public sealed class PeerClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly CertificatePin _pin = new();

    public PeerClient(string hostAndPort, SocketsHttpHandler? handler = null, TlsIdentity? identity = null)
    {
        Identity = identity ?? TlsIdentity.Generate("test-peer");
        _channel = GrpcChannels.Create(new Uri($"https://{hostAndPort}"), 64 * 1024 * 1024, PeerTls.Client(Identity, _pin), handler: handler);
        Api = new PeerService.PeerServiceClient(_channel);
    }

    public PeerService.PeerServiceClient Api { get; }

    public TlsIdentity Identity { get; }

    /// <summary>Both certificates of the connection so far, as a handshake signs them.</summary>
    public HandshakeDigest.Channel Channel => new(Identity.Hash, _pin.LastSeen ?? throw new InvalidOperationException("no TLS connection yet"));

    public void Dispose() => _channel.Dispose();
}
