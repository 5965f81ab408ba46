using ChainNode.Node.Operations;
using ChainNode.Node.Testing;

namespace ChainNode.Node.Tests.Operations;

[TestClass]
public sealed class NodeMetricsTests
{
    [TestMethod]
    public void Metrics_report_the_process_cpu_and_garbage_collector_and_the_counters_move()
    {
        var metrics = new NodeMetrics();
        var gauges = new LiveGauges(0, 0, 0, 0, SignatureChecks: 7, []);
        var before = metrics.Render(gauges);
        var kept = new List<byte[]>();
        for (var i = 0; i < 1_000; i++)
            kept.Add(new byte[1_000]);
        GC.Collect(0);
        var after = metrics.Render(gauges);

        Assert.IsTrue(MetricsText.Value(after, "dotnet_gc_allocated_bytes_total") - MetricsText.Value(before, "dotnet_gc_allocated_bytes_total") >= 1_000_000,
            "a megabyte allocated between two scrapes shows in the allocated-bytes counter");
        Assert.IsTrue(MetricsText.Value(after, "dotnet_gc_collections_total{generation=\"0\"}") > MetricsText.Value(before, "dotnet_gc_collections_total{generation=\"0\"}"));
        Assert.IsTrue(MetricsText.Value(after, "process_cpu_seconds_total") > 0);
        Assert.AreEqual(7, MetricsText.Value(after, "chainnode_tx_signature_checks_total"));
        foreach (var name in new[] { "dotnet_gc_collections_total{generation=\"2\"}", "dotnet_gc_pause_seconds_total", "dotnet_gc_heap_bytes" })
            Assert.IsTrue(MetricsText.Value(after, name) >= 0, name);
        GC.KeepAlive(kept);
    }
}
