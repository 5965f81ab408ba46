using System.Globalization;
using System.Text;

namespace ChainNode.Node.Operations;

/// <summary>
/// Connections turned away per port and reason, and the live count of open ones, for /metrics.
/// Ports: public, http, peer. Reasons: total, per_address (the port's budgets), header_timeout
/// (nothing or too little sent in time; counted when closed). Thread-safe.
/// </summary>
public sealed class ConnectionMetrics
{
    public static readonly string[] Ports = ["public", "http", "peer"];
    public static readonly string[] Reasons = ["total", "per_address", "header_timeout"];
    public static readonly string[] StreamReasons = ["total", "per_address"];

    private readonly long[,] _refused = new long[Ports.Length, Reasons.Length];
    private readonly long[] _eventStreamsRefused = new long[StreamReasons.Length];
    private readonly long[] _queriesRefused = new long[StreamReasons.Length];
    private readonly Func<int>[] _open = [() => 0, () => 0, () => 0];
    private Func<int> _eventStreams = () => 0;

    public void Refused(string port, string reason) =>
        Interlocked.Increment(ref _refused[Array.IndexOf(Ports, port), Array.IndexOf(Reasons, reason)]);

    public void EventStreamRefused(string reason) => Interlocked.Increment(ref _eventStreamsRefused[Array.IndexOf(StreamReasons, reason)]);

    public void QueryRefused(string reason) => Interlocked.Increment(ref _queriesRefused[Array.IndexOf(StreamReasons, reason)]);

    /// <summary>Where the open-connection gauge of <paramref name="port"/> reads from.</summary>
    public void TrackOpen(string port, Func<int> open) => _open[Array.IndexOf(Ports, port)] = open;

    public void TrackEventStreams(Func<int> open) => _eventStreams = open;

    public long RefusedCount(string port, string reason) => Interlocked.Read(ref _refused[Array.IndexOf(Ports, port), Array.IndexOf(Reasons, reason)]);

    public void WriteTo(StringBuilder text)
    {
        text.Append("# HELP chainnode_connections_refused_total Connections closed at once or early, by port and reason.\n# TYPE chainnode_connections_refused_total counter\n");
        for (var p = 0; p < Ports.Length; p++)
        {
            for (var r = 0; r < Reasons.Length; r++)
                text.Append(CultureInfo.InvariantCulture, $"chainnode_connections_refused_total{{port=\"{Ports[p]}\",reason=\"{Reasons[r]}\"}} {Interlocked.Read(ref _refused[p, r])}\n");
        }
        text.Append("# HELP chainnode_connections_open Connections open now, by port.\n# TYPE chainnode_connections_open gauge\n");
        for (var p = 0; p < Ports.Length; p++)
            text.Append(CultureInfo.InvariantCulture, $"chainnode_connections_open{{port=\"{Ports[p]}\"}} {_open[p]()}\n");
        text.Append("# HELP chainnode_event_streams_open /api/events streams open now.\n# TYPE chainnode_event_streams_open gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"chainnode_event_streams_open {_eventStreams()}\n");
        text.Append("# HELP chainnode_event_streams_refused_total /api/events streams refused (503), by reason.\n# TYPE chainnode_event_streams_refused_total counter\n");
        for (var r = 0; r < StreamReasons.Length; r++)
            text.Append(CultureInfo.InvariantCulture, $"chainnode_event_streams_refused_total{{reason=\"{StreamReasons[r]}\"}} {Interlocked.Read(ref _eventStreamsRefused[r])}\n");
        text.Append("# HELP chainnode_queries_refused_total QueryContract calls refused (RESOURCE_EXHAUSTED rate_limited) because too many were running, by reason.\n# TYPE chainnode_queries_refused_total counter\n");
        for (var r = 0; r < StreamReasons.Length; r++)
            text.Append(CultureInfo.InvariantCulture, $"chainnode_queries_refused_total{{reason=\"{StreamReasons[r]}\"}} {Interlocked.Read(ref _queriesRefused[r])}\n");
    }
}
