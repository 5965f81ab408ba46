using System.Diagnostics;
using ChainNode.Ledger.Types;
using ChainNode.Simulation;

namespace ChainNode.Bench;

/// <summary>
/// Consensus messages processed per second in the simulator (fault-free, one thread), for n = 4,
/// 7 and 10. The simulator signs with HMAC-SHA256; its cost is measured on its own and
/// subtracted, so protocol logic and signature checks are reported separately.
/// </summary>
internal static class ConsensusBenchmark
{
    private const int Ticks = 4_000;

    public static void Run()
    {
        var (verifySeconds, signSeconds) = MeasureSimulatedSignatureCost();
        Console.WriteLine($"simulated signatures (HMAC-SHA256): verify {1 / verifySeconds:N0}/s, sign {1 / signSeconds:N0}/s");
        int[] sizes = [4, 7, 10];
        foreach (var n in sizes)
            new SimulationRun(1, Options(n) with { FaultTicks = 2_000 }).Run(); // warm-up: tiered JIT
        foreach (var n in sizes)
        {
            // Median of three runs by elapsed time; the runs are identical apart from timing.
            var runs = Enumerable.Range(0, 3).Select(_ =>
            {
                var clock = Stopwatch.StartNew();
                var run = new SimulationRun(1, Options(n)).Run();
                return (Result: run, Seconds: clock.Elapsed.TotalSeconds);
            }).OrderBy(r => r.Seconds).ToList();
            var (result, elapsed) = runs[1];
            var signatureSeconds = result.SignatureChecks * verifySeconds + result.Signatures * signSeconds;
            var protocolSeconds = elapsed - signatureSeconds;
            Console.WriteLine(
                $"n={n,-3} {result.HonestHeight,6:N0} heights  {result.MessagesDelivered,10:N0} messages  " +
                $"{result.MessagesDelivered / elapsed,10:N0} msg/s overall  {result.MessagesDelivered / protocolSeconds,10:N0} msg/s protocol only  " +
                $"{(double)result.SignatureChecks / result.MessagesDelivered:F2} sig checks/msg  {result.MessagesDelivered / (double)result.HonestHeight:F0} msg/height");
        }
    }

    private static SimulationOptions Options(int n) =>
        new() { Validators = n, Byzantine = 0, NetworkFaults = false, FaultTicks = Ticks, LivenessBoundTicks = 0 };

    private static (double Verify, double Sign) MeasureSimulatedSignatureCost()
    {
        var authenticator = new SimAuthenticator(0, 4);
        var digest = Hash32.Compute("bench"u8);
        var signature = authenticator.Sign(digest);
        const int operations = 500_000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < operations; i++)
            authenticator.Verify(0, digest, signature);
        var verify = clock.Elapsed.TotalSeconds / operations;
        clock.Restart();
        for (var i = 0; i < operations; i++)
            authenticator.Sign(digest);
        return (verify, clock.Elapsed.TotalSeconds / operations);
    }
}
