using ChainNode.Rpc.Transport;
using Grpc.AspNetCore.Server;

namespace ChainNode.Node.Api;

/// <summary>
/// The public API's message limits on the server: requests up to 1 MiB (clients send at most
/// that too), responses unbounded here because what they carry is bounded already: a block is at
/// most the chain's maxBlockBytes, which clients accept up to <see cref="GrpcChannels.PublicMaxResponseBytes"/>.
/// </summary>
public static class PublicApiLimits
{
    public static void Apply(GrpcServiceOptions options)
    {
        options.MaxReceiveMessageSize = GrpcChannels.PublicMaxMessageBytes;
        options.MaxSendMessageSize = null;
    }
}
