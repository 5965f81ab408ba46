namespace ChainNode.Node.Bench;

/// <summary>The result of a load run, printed as a summary and written as JSON (--out).</summary>
public sealed record BenchReport(
    int Validators,
    string Workload,
    string OfferedRate,
    double DurationSeconds,
    double WarmupSeconds,
    long Submitted,
    long Committed,
    double CommittedPerSecond,
    double LatencyP50Ms,
    double LatencyP95Ms,
    double LatencyP99Ms,
    double BlocksPerSecond,
    double MeanTxsPerBlock,
    IReadOnlyDictionary<string, long> Rejected,
    long ResentAfterBusy,
    long VerifiedInChain)
{
    /// <summary>Signature checks per second on all of the bench machine's cores, measured just before the load.</summary>
    public double SignatureChecksPerSecond { get; init; }

    public int Cores { get; init; }

    /// <summary>What signatures alone allow: every validator checks every tx once (meaningful when they share the bench's machine).</summary>
    public double SignatureCeilingTxPerSecond => Validators == 0 ? 0 : SignatureChecksPerSecond / Validators;

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
