using System.Net;
using ChainNode.Node.Tls;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Testing;

/// <summary>A Kestrel server on 127.0.0.1 with an OS-chosen port, HTTP/2 only, serving one gRPC service instance.</summary>
public sealed class LoopbackGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackGrpcServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="peerTls">Serve as a peer port does: TLS with this certificate, requiring a client certificate.</param>
    /// <param name="limits">The service's message limits (default: 1 MiB each way).</param>
    public static async Task<LoopbackGrpcServer> StartAsync<TService>(TService service, Action<GrpcServiceOptions>? limits = null, TlsIdentity? peerTls = null) where TService : class
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (peerTls is not null)
                PeerTls.Serve(listen, peerTls);
        }));
        builder.Services.AddGrpc(limits ?? (o => (o.MaxReceiveMessageSize, o.MaxSendMessageSize) = (1 << 20, 1 << 20)));
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<TService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LoopbackGrpcServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
