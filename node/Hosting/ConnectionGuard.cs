using System.Net;
using ChainNode.Node.Operations;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChainNode.Node.Hosting;

/// <summary>
/// Kestrel connection middleware for one port: closes a connection at once when the port's
/// total or per-address budget is spent, and closes one that has not sent its first request
/// bytes (<c>minimumBytes</c>: the 24-byte HTTP/2 preface, or the start of HTTP/1.1 headers)
/// within the header timeout. Kestrel's own RequestHeadersTimeout and KeepAliveTimeout then
/// bound a connection that started.
/// </summary>
public static class ConnectionGuard
{
    public const int Http2PrefaceBytes = 24;

    public static void Use(ListenOptions listen, string port, ConcurrencyGate gate, ConnectionMetrics metrics, TimeSpan headerTimeout,
        int minimumBytes, TimeProvider clock)
    {
        metrics.TrackOpen(port, () => gate.Open);
        listen.Use(next => async connection =>
        {
            using var lease = gate.TryEnter((connection.RemoteEndPoint as IPEndPoint)?.Address, out var refusal);
            if (lease is null)
            {
                metrics.Refused(port, ConcurrencyGate.Token(refusal));
                return; // Kestrel closes the socket as soon as the middleware returns
            }
            var watch = new FirstBytesWatch(connection.Transport, minimumBytes);
            connection.Transport = watch;
            using var timer = clock.CreateTimer(_ =>
            {
                if (watch.Started)
                    return;
                metrics.Refused(port, "header_timeout");
                connection.Abort(new ConnectionAbortedException($"no request within {headerTimeout.TotalSeconds:F0} s"));
            }, null, headerTimeout, Timeout.InfiniteTimeSpan);
            await next(connection);
        });
    }
}
