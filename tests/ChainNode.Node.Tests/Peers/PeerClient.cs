using ChainNode.Node.Peers.Protos;
using ChainNode.Rpc.Transport;
using Grpc.Net.Client;

namespace ChainNode.Node.Tests.Peers;

/// <summary>The standard generated client of a node's peer port, for tests that act as a peer.</summary>
internal sealed class PeerClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public PeerClient(string hostAndPort, SocketsHttpHandler? handler = null)
    {
        _channel = GrpcChannels.Create(new Uri($"http://{hostAndPort}"), 64 * 1024 * 1024, handler: handler);
        Api = new PeerService.PeerServiceClient(_channel);
    }

    public PeerService.PeerServiceClient Api { get; }

    public void Dispose() => _channel.Dispose();
}
