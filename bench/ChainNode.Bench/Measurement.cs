using System.Diagnostics;

namespace ChainNode.Bench;

/// <summary>Runs a timed action several times after a warm-up and reports the median rate.</summary>
internal static class Measurement
{
    public static double MedianRate(string name, int runs, Func<long> timedRun)
    {
        timedRun(); // warm-up: JIT, caches, LevelDB files
        var rates = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var operations = timedRun();
            rates.Add(operations / clock.Elapsed.TotalSeconds);
        }
        rates.Sort();
        var median = rates[rates.Count / 2];
        Console.WriteLine($"{name,-52} {median,12:N0} /s   (median of {runs}; min {rates[0]:N0}, max {rates[^1]:N0})");
        return median;
    }
}
