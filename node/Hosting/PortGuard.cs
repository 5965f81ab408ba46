using System.Net;
using ChainNode.Node.Operations;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Hosting;

/// <summary>
/// Admission for one port: a connection past the port's total or per-address budget is closed
/// right where it was accepted (before Kestrel queues it for a worker thread, where a flood of
/// accepted sockets would hold descriptors). An admitted connection carries its lease in
/// <c>ConnectionContext.Items</c> until it closes.
/// </summary>
public sealed class PortGuard(string port, ConcurrencyGate gate, ConnectionMetrics metrics, TimeProvider clock)
{
    private const string LeaseKey = "chainnode.connection-lease";
    private static readonly TimeSpan WarnEvery = TimeSpan.FromMinutes(1);
    private long _lastWarning = long.MinValue;

    public string Port => port;

    public ConcurrencyGate Gate => gate;

    /// <summary>Set once the host's logging exists (the guards are made before it).</summary>
    public ILogger Log { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>True if the connection may stay; false if it must be closed now (counted and, once a minute, logged).</summary>
    public bool Admit(ConnectionContext connection)
    {
        var lease = gate.TryEnter((connection.RemoteEndPoint as IPEndPoint)?.Address, out var refusal);
        if (lease is not null)
        {
            connection.Items[LeaseKey] = lease;
            connection.ConnectionClosed.Register(lease.Dispose); // the lease is idempotent; Release below is the usual path
            return true;
        }
        metrics.Refused(port, ConcurrencyGate.Token(refusal));
        // Once a minute at most: a flood must not become a log flood.
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarning);
        if ((last == long.MinValue || clock.GetElapsedTime(last, now) >= WarnEvery) && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            Log.LogWarning("Refusing connections on the {Port} port: {Budget} reached (latest from {Client}); see chainnode_connections_refused_total",
                port, refusal == ConcurrencyGate.Refusal.Total ? $"its budget of {gate.Budget.MaxConnections}" : $"the per-address budget of {gate.Budget.MaxPerAddress}",
                connection.RemoteEndPoint);
        }
        return false;
    }

    /// <summary>Frees the connection's place in the budget (when Kestrel is done with it).</summary>
    public static void Release(ConnectionContext connection)
    {
        if (connection.Items.TryGetValue(LeaseKey, out var lease))
            (lease as IDisposable)?.Dispose();
    }
}
