using System.Globalization;
using System.Text;

namespace ChainNode.Node.Operations;

/// <summary>A Prometheus histogram with fixed buckets (seconds). Thread-safe.</summary>
public sealed class Histogram(string name, string help, double[] upperBounds)
{
    private readonly long[] _counts = new long[upperBounds.Length + 1];
    private long _sumMicros;
    private long _count;

    public void Observe(TimeSpan value)
    {
        var seconds = value.TotalSeconds;
        var bucket = 0; // the first bucket whose bound holds the value; past the last, +Inf
        while (bucket < upperBounds.Length && seconds > upperBounds[bucket])
            bucket++;
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumMicros, (long)(value.TotalMilliseconds * 1000));
        Interlocked.Increment(ref _count);
    }

    public void WriteTo(StringBuilder text)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" histogram\n");
        long cumulative = 0;
        for (var i = 0; i < upperBounds.Length; i++)
        {
            cumulative += Volatile.Read(ref _counts[i]);
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"{upperBounds[i]}\"}} {cumulative}\n");
        }
        cumulative += Volatile.Read(ref _counts[^1]);
        text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"+Inf\"}} {cumulative}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_sum {Volatile.Read(ref _sumMicros) / 1_000_000.0}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_count {Volatile.Read(ref _count)}\n");
    }
}
