using System.Globalization;
using System.Text.Json;

namespace ChainNode.Node.Tests.Network;

/// <summary>A short smoke run of `chainnode bench` so the load generator cannot rot. No speed is asserted.</summary>
[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    [DataRow("transfer")]
    [DataRow("token")]
    public async Task Bench_runs_its_own_network_and_every_tx_it_counts_is_in_the_chain(string workload)
    {
        var basePort = FreePorts.FindBase(4);
        var result = await ChainnodeProcess.RunAsync("bench", "--validators", "4", "--duration", "3", "--warmup", "1", "--rate", "150",
            "--accounts", "16", "--workload", workload, "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        var report = JsonDocument.Parse(result.StandardOutput).RootElement;
        var committed = report.GetProperty("committed").GetInt64();
        Assert.IsTrue(committed > 0, result.StandardError);
        Assert.AreEqual(committed, report.GetProperty("verifiedInChain").GetInt64(), "every tx counted as committed must be found by GetTx");
        Assert.IsTrue(report.GetProperty("latencyP99Ms").GetDouble() > 0);
        var checks = report.GetProperty("signatureChecksPerSecond").GetDouble();
        Assert.IsTrue(checks > 0, "the machine's signature rate is measured before the load");
        Assert.AreEqual(checks / 4, report.GetProperty("signatureCeilingTxPerSecond").GetDouble(), 1e-6);
    }
}
