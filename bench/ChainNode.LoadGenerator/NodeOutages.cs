namespace ChainNode.LoadGenerator;

/// <summary>
/// When each node stopped answering and when it answered again, on the bench's clock (seconds
/// from the start of the load). Every call the bench makes reports here, so a node that dies or
/// restarts during a run is counted and reported instead of ending the run.
/// </summary>
public sealed class NodeOutages(int nodes)
{
    private readonly object _lock = new();
    private readonly double?[] _downSince = new double?[nodes];
    private readonly List<NodeOutage> _ended = [];

    public bool IsDown(int node)
    {
        lock (_lock)
            return _downSince[node] is not null;
    }

    /// <summary>A call to <paramref name="node"/> failed at the transport (refused, reset, no answer).</summary>
    /// <returns>True if this is news: the node was up until now.</returns>
    public bool Failed(int node, double at)
    {
        lock (_lock)
        {
            if (_downSince[node] is not null)
                return false;
            _downSince[node] = at;
            return true;
        }
    }

    /// <summary>A call to <paramref name="node"/> was answered.</summary>
    /// <returns>The outage this ends, or null if the node was up.</returns>
    public NodeOutage? Answered(int node, double at)
    {
        lock (_lock)
        {
            if (_downSince[node] is not { } since)
                return null;
            _downSince[node] = null;
            var outage = new NodeOutage(node, since, at);
            _ended.Add(outage);
            return outage;
        }
    }

    /// <summary>Every outage so far, in the order they began; one still going has no end.</summary>
    public IReadOnlyList<NodeOutage> All()
    {
        lock (_lock)
        {
            return _ended.Concat(_downSince.Select((since, node) => since is { } s ? new NodeOutage(node, s, null) : null).OfType<NodeOutage>())
                .OrderBy(o => o.DownAtSeconds).ToList();
        }
    }
}

/// <summary>Node <paramref name="Node"/> (its place in --nodes) stopped answering at one time and answered again at another, or not by the end.</summary>
public sealed record NodeOutage(int Node, double DownAtSeconds, double? BackAtSeconds)
{
    public override string ToString() => BackAtSeconds is { } back
        ? $"node {Node} unreachable {back - DownAtSeconds:F1} s, from {DownAtSeconds:F1} s, back at {back:F1} s"
        : $"node {Node} unreachable from {DownAtSeconds:F1} s to the end of the run";
}
