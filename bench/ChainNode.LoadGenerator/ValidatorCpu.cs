using System.Globalization;

namespace ChainNode.LoadGenerator;

/// <summary>
/// Each validator's CPU time and tx signature checks so far, from process_cpu_seconds_total and
/// chainnode_tx_signature_checks_total on its /metrics endpoint, read at both edges of the
/// measured window: what one committed tx costs a validator, and how often it checked it.
/// </summary>
public sealed class ValidatorCpu(IReadOnlyList<Uri> httpEndpoints) : IDisposable
{
    private const string CpuMetric = "process_cpu_seconds_total";
    private const string ChecksMetric = "chainnode_tx_signature_checks_total";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>One reading per validator, null for one that did not answer.</summary>
    public async Task<ValidatorReading?[]> ReadAsync(CancellationToken cancel) =>
        await Task.WhenAll(httpEndpoints.Select(e => ReadOneAsync(e, cancel)));

    /// <summary>
    /// Waits until the validators together use less than <paramref name="quietCores"/> of a core
    /// (read over one-second spells), at most <paramref name="patience"/>: a signature-check
    /// reading taken while they still start up (JIT) or drain a load measures them too. Returns the
    /// last rate seen, in cores (0 when no validator answers).
    /// </summary>
    public async Task<double> WaitForQuietAsync(double quietCores, TimeSpan patience, TimeProvider clock, CancellationToken cancel)
    {
        var giveUpAt = clock.GetTimestamp() + (long)(patience.TotalSeconds * clock.TimestampFrequency);
        var before = await ReadAsync(cancel);
        var from = clock.GetTimestamp();
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), clock, cancel);
            var after = await ReadAsync(cancel);
            var now = clock.GetTimestamp();
            var rate = CoresUsed(before, after, (double)(now - from) / clock.TimestampFrequency);
            if (rate < quietCores || now >= giveUpAt)
                return rate;
            (before, from) = (after, now);
        }
    }

    /// <summary>The validators' CPU seconds per second together, over those read at both ends.</summary>
    public static double CoresUsed(ValidatorReading?[] start, ValidatorReading?[] end, double seconds) =>
        seconds <= 0 ? 0 : Spent(start, end, r => r.CpuSeconds).Sum() / seconds;

    // What each validator's counter moved between two readings, for those read at both (and counting it).
    private static List<double> Spent(ValidatorReading?[] start, ValidatorReading?[] end, Func<ValidatorReading, double?> counter) =>
        start.Zip(end, (s, e) => s is { } a && e is { } b && counter(a) is { } from && counter(b) is { } to ? to - from : (double?)null).OfType<double>().ToList();

    private async Task<ValidatorReading?> ReadOneAsync(Uri endpoint, CancellationToken cancel)
    {
        try
        {
            return Parse(await _http.GetStringAsync(new Uri(endpoint, "/metrics"), cancel));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            return null; // a validator that is down has no reading; the others still count
        }
    }

    /// <summary>A validator's reading from its Prometheus text page: null without the CPU counter; the checks are absent on a node older than the counter.</summary>
    public static ValidatorReading? Parse(string page) =>
        Sample(page, CpuMetric) is { } cpu ? new ValidatorReading(cpu, Sample(page, ChecksMetric)) : null;

    // The value of a metric's sample line, or null if absent.
    private static double? Sample(string page, string metric)
    {
        foreach (var line in page.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == metric && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return value;
        }
        return null;
    }

    /// <summary>
    /// The mean CPU seconds per committed tx over the validators read at both edges, with the
    /// cost of one signature check on one core beside it; null if none was read twice or nothing committed.
    /// </summary>
    public static CpuCost? Cost(ValidatorReading?[] start, ValidatorReading?[] end, long committed, double signatureChecksPerSecond, int cores)
    {
        var spent = Spent(start, end, r => r.CpuSeconds);
        if (spent.Count == 0 || committed <= 0)
            return null;
        var perTx = spent.Average() / committed;
        var checkMicroseconds = signatureChecksPerSecond > 0 ? 1e6 / (signatureChecksPerSecond / cores) : 0;
        var checks = Spent(start, end, r => r.SignatureChecks);
        return new CpuCost(spent.Count, perTx * 1e6, checkMicroseconds, DerivedTwoCoreHostTxPerSecond: 2 / perTx)
        {
            SignatureChecksPerTxPerValidator = checks.Count == 0 ? null : checks.Average() / committed,
        };
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// What a committed tx costs one validator in CPU time (µs, the mean over <paramref name="Validators"/>
/// read), one signature check's cost on one core, and the rate a validator alone on a 2-core host
/// could keep up with: derived (2 core-seconds per second over the CPU per tx), not measured.
/// </summary>
public sealed record CpuCost(int Validators, double CpuMicrosecondsPerTxPerValidator, double SignatureCheckMicroseconds, double DerivedTwoCoreHostTxPerSecond)
{
    /// <summary>Tx signature checks per committed tx per validator (1 when none is checked twice); null if the nodes do not count them.</summary>
    public double? SignatureChecksPerTxPerValidator { get; init; }
}

/// <summary>A validator's CPU seconds and tx signature checks (null if it does not count them) so far.</summary>
public readonly record struct ValidatorReading(double CpuSeconds, double? SignatureChecks);
