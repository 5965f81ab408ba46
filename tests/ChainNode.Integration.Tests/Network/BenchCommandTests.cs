using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Network;

/// <summary>A short smoke run of `chainnode-bench` so the load generator cannot rot. No speed is asserted.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class BenchCommandTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    [DataRow("transfer")]
    [DataRow("token")]
    public async Task Bench_runs_its_own_network_and_every_tx_it_counts_is_in_the_chain(string workload)
    {
        var basePort = FreePorts.FindBase(4);
        var result = await ChainnodeBenchProcess.RunAsync("--validators", "4", "--duration", "3", "--warmup", "1", "--rate", "150",
            "--accounts", "16", "--workload", workload, "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        var report = JsonDocument.Parse(result.StandardOutput).RootElement;
        var committed = report.GetProperty("committed").GetInt64();
        Assert.IsTrue(committed > 0, result.StandardError);
        Assert.AreEqual(committed, report.GetProperty("verifiedInChain").GetInt64(), "every tx counted as committed must be found by GetTx");
        Assert.IsTrue(report.GetProperty("latencyP99Ms").GetDouble() > 0);
        var before = report.GetProperty("signatureChecksPerSecond").GetDouble();
        var after = report.GetProperty("signatureChecksPerSecondAfter").GetDouble();
        Assert.IsTrue(before > 0 && after > 0, "the machine's signature rate is measured before and after the load");
        Assert.AreEqual((before + after) / 2 / 4, report.GetProperty("signatureCeilingTxPerSecond").GetDouble(), 1e-6);
        // This test runs on Linux: the hypervisor's share and the idle share of the window are read from /proc/stat.
        var stolen = report.GetProperty("hostCpuStolen").GetDouble();
        var idle = report.GetProperty("hostCpuIdle").GetDouble();
        Assert.IsTrue(stolen is >= 0 and <= 1 && idle is >= 0 and <= 1 && stolen + idle <= 1, $"stolen {stolen}, idle {idle}");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_sweep_charts_each_offered_load_against_the_ceiling_measured_here()
    {
        var basePort = FreePorts.FindBase(4);
        var chart = Path.Combine(Path.GetTempPath(), $"chainnode-sweep-{Guid.NewGuid():N}.svg");
        try
        {
            var result = await ChainnodeBenchProcess.RunAsync("--validators", "4", "--duration", "2", "--warmup", "1", "--sweep", "100,200",
                "--accounts", "16", "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--svg", chart);
            Assert.AreEqual(0, result.ExitCode, result.StandardError);
            var ceilings = Regex.Matches(result.StandardOutput, @"ceiling\s+([\d,]+) tx/s").Select(m => m.Groups[1].Value).ToList();
            Assert.AreEqual(2, ceilings.Count, result.StandardOutput);
            var svg = File.ReadAllText(chart);
            Assert.IsTrue(ceilings.Any(c => svg.Contains($"signature ceiling {c} tx/s", StringComparison.Ordinal)), svg);
        }
        finally
        {
            File.Delete(chart);
        }
    }

    // View 0's primary is validator 0, the node the bench used to follow alone: the run must go on
    // through its death, report it, and read the failover and the per-tx CPU cost.
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task Killing_the_primary_mid_run_is_reported_as_a_failover_and_the_run_still_completes()
    {
        var basePort = FreePorts.FindBase(4);
        var result = await ChainnodeBenchProcess.RunAsync("--validators", "4", "--duration", "8", "--warmup", "1", "--rate", "200",
            "--accounts", "16", "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--kill-primary-at", "3");
        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
        StringAssert.Matches(result.StandardOutput, new Regex(@"failover\s+killed validator \d \(primary of view \d+\) [\d.]+ s into the window: "));
        StringAssert.Matches(result.StandardOutput, new Regex(@"node away\s+node \d unreachable"));
        StringAssert.Matches(result.StandardOutput, new Regex(@"cpu per tx\s+[\d,]+ µs per committed tx per validator"));
        StringAssert.Matches(result.StandardOutput, new Regex(@"derived\s+one validator per 2-core host: ~[\d,]+ tx/s"));
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_node_that_dies_and_restarts_during_a_run_is_reported_and_the_run_goes_on_through_the_others()
    {
        await using var net = await LocalNetwork.StartAsync(validators: 4, members: 16);
        var nodes = string.Join(',', net.Description.Nodes.Select(n => n.ApiUrl));
        var bench = ChainnodeBenchProcess.RunAsync("--nodes", nodes, "--network", net.Folder, "--duration", "15", "--warmup", "1", "--rate", "150", "--accounts", "16");
        try
        {
            // Node 0 is the one the bench first follows: kill it once the load is flowing, restart it once the others have gone on.
            await Eventually.Async(async () => (await net.Clients[1].GetAccountAsync(net.Members[0].Address.ToArray())).PendingNonce > 0,
                LocalNetwork.Patience, "the bench's load to reach the network");
            await net.Nodes[0].KillAsync();
            var height = (await net.StatusAsync(1)).Height;
            await net.WaitForHeightAsync(1, height + 3);
            net.Nodes[0].Start();
        }
        finally
        {
            await bench; // bounded by the runner's own timeout: the bench never outlives the test
        }
        var result = await bench;
        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        StringAssert.Matches(result.StandardOutput, new Regex(@"node away\s+node 0 unreachable [\d.]+ s, from [\d.]+ s, back at [\d.]+ s"));
        Assert.DoesNotContain("   at ", result.StandardError);
    }
}
