using System.Text.Json;
using ChainNode.Ledger.Chain;
using ChainNode.Node.Api;
using ChainNode.Node.Consensus;
using ChainNode.Node.Explorer;
using ChainNode.Node.Mempool;
using ChainNode.Node.Peers;
using Microsoft.AspNetCore.Http;

namespace ChainNode.Node.Operations;

/// <summary>The HTTP/1.1 port: the explorer page and its /api/, /health for supervisors, /metrics for Prometheus.</summary>
public sealed class HttpEndpoints(NodeIdentity node, ChainStore chain, ConsensusLoop loop, TxPool pool, PeerStatusBoard peers,
    NodeMetrics metrics, TimeProvider clock, ExplorerApi explorer, ExplorerEvents events, QuorumHealth health)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task HandleAsync(HttpContext context) => context.Request.Path.Value switch
    {
        "/health" => HealthAsync(context),
        "/metrics" => MetricsAsync(context),
        "/api/events" => events.HandleAsync(context),
        var path when path?.StartsWith("/api/", StringComparison.Ordinal) == true => explorer.HandleAsync(context),
        null or "" or "/" => ExplorerAssets.ServeAsync(context, "/index.html"),
        var path when ExplorerAssets.Has(path) => ExplorerAssets.ServeAsync(context, path),
        _ => NotFoundAsync(context),
    };

    private Task HealthAsync(HttpContext context)
    {
        var snapshot = loop.Snapshot;
        var (quorumReachable, connected, _) = health.Read();
        context.Response.StatusCode = quorumReachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = quorumReachable ? "ok" : "degraded",
            node = node.Name,
            height = chain.Height,
            view = snapshot.View,
            primary = snapshot.Primary,
            peersConnected = connected,
            mempoolTxs = pool.Count,
        }, Json));
    }

    private Task MetricsAsync(HttpContext context)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var peerGauges = peers.Reports()
            .Select(p => new LiveGauges.Peer(p.Validator.Name, p.Connected, p.LastSeenMs == 0 ? -1 : (now - p.LastSeenMs) / 1000.0, p.Height))
            .ToList();
        var gauges = new LiveGauges(chain.Height, loop.Snapshot.View, pool.Count, pool.Bytes, pool.SignatureChecks, peerGauges);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        return context.Response.WriteAsync(metrics.Render(gauges));
    }

    private static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return context.Response.WriteAsync("not found\n");
    }
}
