using ChainNode.Node.Operations;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChainNode.Node.Hosting;

/// <summary>
/// Kestrel connection middleware for one port (after <see cref="PortGuard"/> admitted the
/// connection at accept): closes a connection that has not sent its first request bytes
/// (<c>minimumBytes</c>: the 24-byte HTTP/2 preface, or the start of HTTP/1.1 headers) within
/// the header timeout, and frees its place in the port's budget when it ends. Kestrel's own
/// RequestHeadersTimeout and KeepAliveTimeout then bound a connection that started.
/// </summary>
public static class ConnectionGuard
{
    public const int Http2PrefaceBytes = 24;

    public static void Use(ListenOptions listen, PortGuard guard, ConnectionMetrics metrics, TimeSpan headerTimeout, int minimumBytes, TimeProvider clock)
    {
        metrics.TrackOpen(guard.Port, () => guard.Gate.Open);
        listen.Use(next => async connection =>
        {
            try
            {
                var watch = new FirstBytesWatch(connection.Transport, minimumBytes);
                connection.Transport = watch;
                using var timer = clock.CreateTimer(_ =>
                {
                    if (watch.Started)
                        return;
                    metrics.Refused(guard.Port, "header_timeout");
                    connection.Abort(new ConnectionAbortedException($"no request within {headerTimeout.TotalSeconds:F0} s"));
                }, null, headerTimeout, Timeout.InfiniteTimeSpan);
                await next(connection);
            }
            finally
            {
                PortGuard.Release(connection);
            }
        });
    }
}
