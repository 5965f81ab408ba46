using System.Net.Security;
using Grpc.Net.Client;

namespace ChainNode.Rpc.Transport;

/// <summary>
/// Channels to ChainNode's gRPC ports from the standard client (Grpc.Net.Client): one place for
/// the message limit, the connect timeout and keepalive, so the wallet, tools and peers agree.
/// </summary>
public static class GrpcChannels
{
    /// <summary>The public API's request limit, the same on both ends.</summary>
    public const int PublicMaxMessageBytes = 1024 * 1024;

    /// <summary>
    /// The largest public API response a client accepts: a block of the largest size a chain may
    /// set (64 MiB, ParameterBounds) with its header and certificate.
    /// </summary>
    public const int PublicMaxResponseBytes = 80 * 1024 * 1024;

    /// <param name="address">http:// (h2c) or https:// (TLS; <paramref name="tls"/> decides which certificates are trusted).</param>
    /// <param name="keepAlive">Ping an idle connection this often, so a dead peer is noticed without waiting for a call to time out.</param>
    /// <param name="handler">A handler to build on (tests bind a source address with one), or null for a fresh one.</param>
    /// <param name="maxResponseBytes">The largest response accepted, if other than <paramref name="maxMessageBytes"/>.</param>
    public static GrpcChannel Create(Uri address, int maxMessageBytes, SslClientAuthenticationOptions? tls = null, TimeSpan? keepAlive = null, SocketsHttpHandler? handler = null,
        int? maxResponseBytes = null)
    {
        handler ??= new SocketsHttpHandler();
        handler.EnableMultipleHttp2Connections = true;
        handler.ConnectTimeout = TimeSpan.FromSeconds(5);
        if (keepAlive is { } interval)
        {
            handler.KeepAlivePingDelay = interval;
            handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        }
        if (tls is not null)
            handler.SslOptions = tls;
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // An HttpClient rather than the handler: the client then keeps no connectivity state of
            // its own (subchannels with their own reconnect backoff, up to 120 s), and a link that
            // lost its connection dials again on its next call, as the callers' own backoff decides.
            HttpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan },
            DisposeHttpClient = true,
            MaxReceiveMessageSize = maxResponseBytes ?? maxMessageBytes,
            MaxSendMessageSize = maxMessageBytes,
            // ThrowOperationCanceledOnCancellation stays off: with it a deadline also surfaces as an
            // OperationCanceledException, indistinguishable from shutdown, and a peer link that met
            // one ended silently (GrpcChannelsTests). Calls end in RpcException, CANCELLED included.
        });
    }
}
