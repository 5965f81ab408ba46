namespace ChainNode.LoadGenerator;

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

    /// <summary>The same, measured again once the load has ended (0 if not measured).</summary>
    public double SignatureChecksPerSecondAfter { get; init; }

    public int Cores { get; init; }

    /// <summary>Of <see cref="ResentAfterBusy"/>, those a node refused for its per-client submit limit rather than a full mempool.</summary>
    public long ResentAfterRateLimit { get; init; }

    /// <summary>Txs of the bench seen committed inside the measured window.</summary>
    public long CommittedInWindow { get; init; }

    /// <summary>Each time a node stopped answering during the run, and when it answered again.</summary>
    public IReadOnlyList<NodeOutage> Outages { get; init; } = [];

    /// <summary>With --kill-primary-at: the gap after the kill and the recovery of throughput.</summary>
    public FailoverReport? Failover { get; init; }

    /// <summary>CPU time per committed tx per validator, from their /metrics (null where none could be read).</summary>
    public CpuCost? Cpu { get; init; }

    /// <summary>
    /// Share of this machine's CPU time the hypervisor took over the measured window (Linux's
    /// steal time; null where it cannot be read). The validators get only what is left.
    /// </summary>
    public double? HostCpuStolen { get; init; }

    /// <summary>Share of this machine's CPU time left idle over the measured window (null where it cannot be read).</summary>
    public double? HostCpuIdle { get; init; }

    /// <summary>
    /// What signatures alone allow: every validator checks every tx once (meaningful when they
    /// share the bench's machine). From the mean of the readings before and after the load.
    /// </summary>
    public double SignatureCeilingTxPerSecond => Validators == 0 ? 0 : MeanSignatureChecksPerSecond / Validators;

    private double MeanSignatureChecksPerSecond =>
        SignatureChecksPerSecondAfter > 0 ? (SignatureChecksPerSecond + SignatureChecksPerSecondAfter) / 2 : SignatureChecksPerSecond;

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
