using System.Globalization;

namespace ChainNode.LoadGenerator;

/// <summary>
/// The machine's CPU time so far, all cores together, from the first line of Linux's
/// /proc/stat, in clock ticks. A run is read against it because on a virtual machine the
/// hypervisor can take the cores away ("steal"): in one 60 s check it took 8% on average and
/// up to 45% in single seconds, which moves the committed rate as much as any change to the node.
/// </summary>
public sealed record HostCpuTimes(long Total, long Idle, long Steal)
{
    private const string ProcStat = "/proc/stat";

    /// <summary>Now, or null where /proc/stat cannot be read (not Linux, or no procfs).</summary>
    public static HostCpuTimes? ReadNow()
    {
        try
        {
            using var reader = new StreamReader(ProcStat);
            return Parse(reader.ReadLine() ?? "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Parses the aggregate line, "cpu user nice system idle iowait irq softirq steal ...".
    /// Idle counts iowait too: a core waiting on the disk does no work either. Guest time is
    /// already inside user and nice, so it is not added again. Null if the line is not that.
    /// </summary>
    public static HostCpuTimes? Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || fields[0] != "cpu")
            return null;
        var ticks = new long[8];
        for (var i = 0; i < ticks.Length; i++)
        {
            if (!long.TryParse(fields[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out ticks[i]))
                return null;
        }
        return new HostCpuTimes(Total: ticks.Sum(), Idle: ticks[3] + ticks[4], Steal: ticks[7]);
    }

    /// <summary>Shares of the CPU time between <paramref name="earlier"/> and this reading; null if no time passed.</summary>
    public HostCpuShares? Since(HostCpuTimes earlier)
    {
        var total = Total - earlier.Total;
        return total <= 0 ? null : new HostCpuShares(Stolen: (double)(Steal - earlier.Steal) / total, Idle: (double)(Idle - earlier.Idle) / total);
    }
}

/// <summary>Fractions (0 to 1) of a span's CPU time that the hypervisor took and that no one used.</summary>
public sealed record HostCpuShares(double Stolen, double Idle);
