using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ChainNode.Node.Hosting;

/// <summary>
/// One Kestrel serves three ports; endpoint routing alone would answer every gRPC service on
/// all of them. Each service is tagged with the port it belongs to, and a call that reaches it on
/// another port is answered as an unknown method (the peer protocol is not on the public port,
/// whatever :authority a client sends). Anything unrouted on the HTTP port goes to the pages.
/// </summary>
public static class PortRouting
{
    /// <summary>Endpoint metadata: the local port this endpoint is served on.</summary>
    public sealed record ServedOn(int Port);

    public static TBuilder OnPort<TBuilder>(this TBuilder endpoints, int port) where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(new ServedOn(port));

    /// <summary>Between UseRouting and the endpoints: drops a match made on the wrong port.</summary>
    public static void KeepEndpointsOnTheirPorts(this WebApplication app, int httpPort) => app.Use((context, next) =>
    {
        if (context.GetEndpoint() is { } endpoint)
        {
            var port = context.Connection.LocalPort;
            // Untagged endpoints are Grpc.AspNetCore's own answers to unknown methods: gRPC ports only.
            var allowed = endpoint.Metadata.GetMetadata<ServedOn>() is { } servedOn ? servedOn.Port == port : port != httpPort;
            if (!allowed)
                context.SetEndpoint(null);
        }
        return next(context);
    });

    /// <summary>The last stop for a request no endpoint took: the pages on the HTTP port, UNIMPLEMENTED elsewhere.</summary>
    public static Task UnroutedAsync(HttpContext context, int httpPort, RequestDelegate pages)
    {
        if (context.Connection.LocalPort == httpPort)
            return pages(context);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = "12"; // UNIMPLEMENTED, trailers-only
        context.Response.Headers["grpc-message"] = $"unknown method {Uri.EscapeDataString(context.Request.Path.Value ?? "")} on this port";
        return Task.CompletedTask;
    }
}
