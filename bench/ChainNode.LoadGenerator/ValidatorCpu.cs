using System.Globalization;

namespace ChainNode.LoadGenerator;

/// <summary>
/// Each validator's CPU time so far, from process_cpu_seconds_total on its /metrics endpoint,
/// read at both edges of the measured window: what one committed tx costs a validator.
/// </summary>
public sealed class ValidatorCpu(IReadOnlyList<Uri> httpEndpoints) : IDisposable
{
    private const string Metric = "process_cpu_seconds_total";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>CPU seconds per validator, null for one that did not answer.</summary>
    public async Task<double?[]> ReadAsync(CancellationToken cancel) =>
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
    public static double CoresUsed(double?[] start, double?[] end, double seconds) =>
        seconds <= 0 ? 0 : Spent(start, end).Sum() / seconds;

    // CPU seconds each validator spent between two readings, for those read at both.
    private static List<double> Spent(double?[] start, double?[] end) =>
        start.Zip(end, (s, e) => s is { } a && e is { } b ? b - a : (double?)null).OfType<double>().ToList();

    private async Task<double?> ReadOneAsync(Uri endpoint, CancellationToken cancel)
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

    /// <summary>The value of the metric's sample line in a Prometheus text page, or null if absent.</summary>
    public static double? Parse(string page)
    {
        foreach (var line in page.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == Metric && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return value;
        }
        return null;
    }

    /// <summary>
    /// The mean CPU seconds per committed tx over the validators read at both edges, with the
    /// cost of one signature check on one core beside it; null if none was read twice or nothing committed.
    /// </summary>
    public static CpuCost? Cost(double?[] start, double?[] end, long committed, double signatureChecksPerSecond, int cores)
    {
        var spent = Spent(start, end);
        if (spent.Count == 0 || committed <= 0)
            return null;
        var perTx = spent.Average() / committed;
        var checkMicroseconds = signatureChecksPerSecond > 0 ? 1e6 / (signatureChecksPerSecond / cores) : 0;
        return new CpuCost(spent.Count, perTx * 1e6, checkMicroseconds, DerivedTwoCoreHostTxPerSecond: 2 / perTx);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// What a committed tx costs one validator in CPU time (µs, the mean over <paramref name="Validators"/>
/// read), one signature check's cost on one core, and the rate a validator alone on a 2-core host
/// could keep up with: derived (2 core-seconds per second over the CPU per tx), not measured.
/// </summary>
public sealed record CpuCost(int Validators, double CpuMicrosecondsPerTxPerValidator, double SignatureCheckMicroseconds, double DerivedTwoCoreHostTxPerSecond);
