using ChainNode.Node.Configuration;

namespace ChainNode.Node.Hosting;

/// <summary>How many connections one port holds in total and from one client address.</summary>
public sealed record PortBudget(int MaxConnections, int MaxPerAddress)
{
    public override string ToString() => $"{MaxConnections} ({MaxPerAddress} per address)";
}

/// <summary>
/// The connection budgets of a validator's three ports and its /api/events streams, sized from
/// the descriptor limit unless config.json sets them. A reserve (<see cref="ReserveFor"/>) is kept for what must never be
/// starved: LevelDB's table files (it keeps up to 500 open), the outbound links to peers, logs
/// and the runtime's own handles. Peers have their own port and budget, so a flood on the
/// public or HTTP port never takes their share.
/// </summary>
public sealed record ConnectionBudgets(PortBudget Public, PortBudget Http, PortBudget Peer, PortBudget EventStreams, int QueriesInFlight, int QueriesPerAddress)
{
    /// <summary>
    /// Descriptors never given to inbound connections: an eighth of the limit, at least 1,024
    /// (also headroom for sockets accepted under a flood and not yet turned away).
    /// </summary>
    public static ulong ReserveFor(ulong descriptorLimit) => Math.Max(1024, descriptorLimit / 8);

    private const int Floor = 16;
    private const int MaxPerAddress = 256;
    private const int PeerPerAddress = 16;

    public static ConnectionBudgets Derive(ulong descriptorLimit, int validators, NodeConfig.ConnectionSection connections, NodeConfig.ApiSection api, int cores)
    {
        var reserve = ReserveFor(descriptorLimit);
        var available = (int)Math.Min(int.MaxValue, descriptorLimit > reserve ? descriptorLimit - reserve : 0);
        // Peers need a few connections each; a tenth of what is left is ample and still bounded.
        var peerDerived = Math.Max(Math.Max(Floor, 4 * validators), available / 10);
        var clientDerived = Math.Max(Floor, (available - Math.Min(available, peerDerived)) / 2);
        var peer = Port(connections.Peer, peerDerived, PeerPerAddress);
        var publicPort = Port(connections.Public, clientDerived, MaxPerAddress);
        var http = Port(connections.Http, clientDerived, MaxPerAddress);
        var events = new PortBudget(
            api.MaxEventStreams > 0 ? api.MaxEventStreams : Math.Max(1, http.MaxConnections / 2),
            api.MaxEventStreamsPerAddress > 0 ? api.MaxEventStreamsPerAddress : Math.Max(1, http.MaxPerAddress / 2));
        var queries = api.MaxQueriesInFlight > 0 ? api.MaxQueriesInFlight : Math.Max(1, cores / 2);
        return new ConnectionBudgets(publicPort, http, peer, events, queries, api.MaxQueriesInFlightPerAddress);
    }

    /// <summary>Descriptors the inbound budgets may take at most (compare with the limit).</summary>
    public long InboundTotal => (long)Public.MaxConnections + Http.MaxConnections + Peer.MaxConnections;

    private static PortBudget Port(NodeConfig.PortLimits configured, int derivedTotal, int perAddressCap)
    {
        var total = configured.MaxConnections > 0 ? configured.MaxConnections : derivedTotal;
        var perAddress = configured.MaxPerAddress > 0 ? configured.MaxPerAddress : Math.Clamp(total / 4, 1, perAddressCap);
        return new PortBudget(total, Math.Min(perAddress, total));
    }
}
