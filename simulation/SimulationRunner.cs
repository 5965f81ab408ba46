namespace ChainNode.Simulation;

/// <summary>Runs many seeds on all cores and tallies safety violations and liveness failures.</summary>
public static class SimulationRunner
{
    public sealed record Summary(int Seeds, int SafetyViolations, int LivenessFailures, IReadOnlyList<SimulationResult> Failures, long Messages, long SignatureChecks, TimeSpan Elapsed);

    /// <param name="progress">Called with the number of seeds finished so far.</param>
    public static Summary Run(SimulationOptions options, int firstSeed, int seeds, Action<int>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = new SimulationResult[seeds];
        var done = 0;
        Parallel.For(0, seeds, i =>
        {
            results[i] = new SimulationRun(firstSeed + i, options).Run();
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        var failures = results.Where(r => !r.Passed).OrderBy(r => r.Seed).ToList();
        return new Summary(
            seeds,
            results.Count(r => r.SafetyViolation is not null),
            results.Count(r => r.SafetyViolation is null && r.LivenessFailure is not null),
            failures,
            results.Sum(r => r.MessagesDelivered),
            results.Sum(r => r.SignatureChecks),
            clock.Elapsed);
    }
}
