namespace ChainNode.LoadGenerator;

/// <summary>
/// --kill-primary-at: reads the failover off a run in which the primary was killed with kill -9.
/// The gap runs from the kill to the first block proposed in a later view (so committed by the
/// others); recovery runs from there until the commits of the trailing second reach 80% of the
/// mean rate of the 5 seconds before the kill.
/// </summary>
public static class FailoverCheck
{
    public const double RecoveredShare = 0.8;
    private const double BaselineSeconds = 5;
    private const double Step = 0.01;

    /// <param name="blocks">Each block as the bench saw it commit: when (seconds) and its view.</param>
    /// <param name="commits">When (seconds) each of the bench's txs was seen committed.</param>
    public static FailoverReport Analyse(Kill kill, IReadOnlyList<(double At, ulong View)> blocks, IReadOnlyList<double> commits, double viewChangeTimeoutSeconds, double runEnd)
    {
        var from = Math.Max(0, kill.AtSeconds - BaselineSeconds);
        var baseline = commits.Count(t => t >= from && t < kill.AtSeconds) / (kill.AtSeconds - from);
        var firstAfter = blocks.Where(b => b.At >= kill.AtSeconds && b.View > kill.View).Select(b => (double?)b.At).Min();
        double? recovery = null;
        if (firstAfter is { } resumed && baseline > 0)
        {
            var sorted = commits.Where(t => t >= resumed - 1).Order().ToArray();
            for (var end = resumed + Step; end <= runEnd && recovery is null; end += Step)
            {
                if (CountIn(sorted, end - 1, end) >= RecoveredShare * baseline)
                    recovery = end - resumed;
            }
        }
        return new FailoverReport(kill.Validator, kill.AtSeconds, kill.View, firstAfter - kill.AtSeconds, 2 * viewChangeTimeoutSeconds, baseline, recovery);
    }

    private static int CountIn(double[] sorted, double from, double to)
    {
        var lo = LowerBound(sorted, from);
        return LowerBound(sorted, to) - lo;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        var index = Array.BinarySearch(sorted, value);
        if (index < 0)
            return ~index;
        while (index > 0 && sorted[index - 1] == value)
            index--;
        return index;
    }

    /// <summary>Validator <paramref name="Validator"/>, primary of view <paramref name="View"/>, killed at <paramref name="AtSeconds"/> on the bench's clock.</summary>
    public sealed record Kill(int Validator, double AtSeconds, ulong View);
}

/// <summary>The failover figures (seconds on the bench's clock); a null gap or recovery did not happen before the run ended.</summary>
public sealed record FailoverReport(
    int KilledValidator,
    double KilledAtSeconds,
    ulong ViewAtKill,
    double? GapSeconds,
    double TwiceViewChangeTimeoutSeconds,
    double TxPerSecondBeforeKill,
    double? RecoverySeconds);
