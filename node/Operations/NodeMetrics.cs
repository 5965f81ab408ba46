using System.Globalization;
using System.Text;
using ChainNode.Node.Mempool;

namespace ChainNode.Node.Operations;

/// <summary>
/// Counters the node updates as it works, rendered with live gauges as Prometheus text on
/// /metrics. Thread-safe.
/// </summary>
public sealed class NodeMetrics
{
    private readonly long[] _rejected = new long[RejectReasons.All.Length];
    private long _admitted;
    private long _blocksCommitted;
    private long _txsCommitted;
    private long _viewChanges;
    private long _consensusRejected;
    private long _peerDrops;
    private long _txBatchesSent;
    private long _txsSent;
    private long _consensusBatchesSent;

    public ConnectionMetrics Connections { get; } = new();

    public Histogram CommitLatency { get; } = new("chainnode_tx_commit_latency_seconds",
        "Time from admission to this node's mempool until the tx's block committed.",
        [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30]);

    public void TxAdmitted() => Interlocked.Increment(ref _admitted);

    public void TxRejected(RejectReason reason) => Interlocked.Increment(ref _rejected[(int)reason]);

    public void BlockCommitted(int txs)
    {
        Interlocked.Increment(ref _blocksCommitted);
        Interlocked.Add(ref _txsCommitted, txs);
    }

    public void ViewChanged() => Interlocked.Increment(ref _viewChanges);

    public void ConsensusMessageRejected() => Interlocked.Increment(ref _consensusRejected);

    public void PeerMessageDropped() => Interlocked.Increment(ref _peerDrops);

    /// <summary>A batch of gossiped txs reached a peer (txs over batches is the batching the link achieves).</summary>
    public void PeerTxBatchSent(int txs)
    {
        Interlocked.Increment(ref _txBatchesSent);
        Interlocked.Add(ref _txsSent, txs);
    }

    public void PeerConsensusBatchSent() => Interlocked.Increment(ref _consensusBatchesSent);

    public long RejectedCount(RejectReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    /// <summary>Renders every metric; <paramref name="gauges"/> supplies the live values read at scrape time.</summary>
    public string Render(LiveGauges gauges)
    {
        var text = new StringBuilder();
        Metric(text, "chainnode_height", "gauge", "Height of the last committed block.", gauges.Height);
        Metric(text, "chainnode_view", "gauge", "Current PBFT view.", gauges.View);
        Metric(text, "chainnode_view_changes_total", "counter", "Views this node moved to since it started.", Interlocked.Read(ref _viewChanges));
        Metric(text, "chainnode_blocks_committed_total", "counter", "Blocks committed since start.", Interlocked.Read(ref _blocksCommitted));
        Metric(text, "chainnode_txs_committed_total", "counter", "Txs committed since start.", Interlocked.Read(ref _txsCommitted));
        Metric(text, "chainnode_mempool_txs", "gauge", "Txs waiting in the mempool.", gauges.MempoolTxs);
        Metric(text, "chainnode_mempool_bytes", "gauge", "Bytes of txs waiting in the mempool.", gauges.MempoolBytes);
        Metric(text, "chainnode_txs_admitted_total", "counter", "Txs admitted to the mempool.", Interlocked.Read(ref _admitted));
        Metric(text, "chainnode_tx_signature_checks_total", "counter", "Tx signatures checked, for admission or for blocks executed here (ideally one per committed tx).", gauges.SignatureChecks);
        text.Append("# HELP chainnode_txs_rejected_total Txs refused at admission, by reason.\n# TYPE chainnode_txs_rejected_total counter\n");
        foreach (var reason in RejectReasons.All)
            text.Append(CultureInfo.InvariantCulture, $"chainnode_txs_rejected_total{{reason=\"{RejectReasons.Token(reason)}\"}} {RejectedCount(reason)}\n");
        Metric(text, "chainnode_consensus_messages_rejected_total", "counter", "Consensus messages the replica rejected as invalid.", Interlocked.Read(ref _consensusRejected));
        Metric(text, "chainnode_peer_messages_dropped_total", "counter", "Outbound messages dropped because a peer's queue was full or a send failed.", Interlocked.Read(ref _peerDrops));
        text.Append("# HELP chainnode_peer_batches_sent_total Calls that delivered a batch to a peer: gossiped txs, or consensus messages (a heartbeat counts as an empty consensus batch).\n# TYPE chainnode_peer_batches_sent_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"chainnode_peer_batches_sent_total{{kind=\"txs\"}} {Interlocked.Read(ref _txBatchesSent)}\n");
        text.Append(CultureInfo.InvariantCulture, $"chainnode_peer_batches_sent_total{{kind=\"consensus\"}} {Interlocked.Read(ref _consensusBatchesSent)}\n");
        Metric(text, "chainnode_peer_txs_sent_total", "counter", "Txs gossiped to peers (one per tx per peer).", Interlocked.Read(ref _txsSent));
        text.Append("# HELP chainnode_peer_up 1 if this node has a live session to the peer.\n# TYPE chainnode_peer_up gauge\n");
        foreach (var peer in gauges.Peers)
            text.Append(CultureInfo.InvariantCulture, $"chainnode_peer_up{{peer=\"{peer.Name}\"}} {(peer.Connected ? 1 : 0)}\n");
        text.Append("# HELP chainnode_peer_last_seen_seconds Seconds since the peer was last heard from (-1 if never).\n# TYPE chainnode_peer_last_seen_seconds gauge\n");
        foreach (var peer in gauges.Peers)
            text.Append(CultureInfo.InvariantCulture, $"chainnode_peer_last_seen_seconds{{peer=\"{peer.Name}\"}} {peer.SecondsSinceSeen}\n");
        text.Append("# HELP chainnode_peer_height Last committed height the peer reported.\n# TYPE chainnode_peer_height gauge\n");
        foreach (var peer in gauges.Peers)
            text.Append(CultureInfo.InvariantCulture, $"chainnode_peer_height{{peer=\"{peer.Name}\"}} {peer.Height}\n");
        Connections.WriteTo(text);
        CommitLatency.WriteTo(text);
        RuntimeMetrics(text);
        return text.ToString();
    }

    // The process's own cost: CPU, and what the garbage collector does with the allocations
    // (the figures to watch when tuning the GC or checking that a change allocates less).
    private static void RuntimeMetrics(StringBuilder text)
    {
        Metric(text, "process_cpu_seconds_total", "counter", "CPU time this process has used, user and system.", Environment.CpuUsage.TotalTime.TotalSeconds);
        text.Append("# HELP dotnet_gc_collections_total Garbage collections since start, by generation (a generation-1 collection also counts at 0).\n# TYPE dotnet_gc_collections_total counter\n");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            text.Append(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation)}\n");
        Metric(text, "dotnet_gc_pause_seconds_total", "counter", "Time managed threads were paused for garbage collection.", GC.GetTotalPauseDuration().TotalSeconds);
        Metric(text, "dotnet_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since start.", GC.GetTotalAllocatedBytes(precise: true));
        Metric(text, "dotnet_gc_heap_bytes", "gauge", "Managed heap size after the last collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
    }

    private static void Metric(StringBuilder text, string name, string type, string help, double value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
}

/// <summary>Values read at scrape time rather than counted.</summary>
public sealed record LiveGauges(ulong Height, ulong View, int MempoolTxs, long MempoolBytes, long SignatureChecks, IReadOnlyList<LiveGauges.Peer> Peers)
{
    public sealed record Peer(string Name, bool Connected, double SecondsSinceSeen, ulong Height);
}
