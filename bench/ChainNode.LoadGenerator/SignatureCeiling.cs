using System.Diagnostics;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;

namespace ChainNode.LoadGenerator;

/// <summary>
/// How many tx signatures this machine checks per second on all its cores, measured just
/// before a run. Every validator checks every tx once, so that rate divided by the validators
/// bounds what a local network can commit: a run is read against the machine's speed that
/// day, which moves by a quarter on a shared host, and not only against a published figure.
/// </summary>
public static class SignatureCeiling
{
    public sealed record Reading(double ChecksPerSecond, int Cores);

    /// <summary>Checks <paramref name="sample"/>'s signatures over and over on every core for <paramref name="duration"/>.</summary>
    public static Reading Measure(IReadOnlyList<SignedTx> sample, string chainId, TimeSpan duration)
    {
        // Parsed once, as a node's mempool does before its check: only the check is timed.
        var parsed = sample.Take(256).Select(tx => TransactionCodec.Parse(tx, chainId, TransactionCodec.HashOf(tx))).ToArray();
        if (parsed.Length == 0)
            throw new ArgumentException("no txs to check", nameof(sample));
        var cores = Environment.ProcessorCount;
        // A spell first that is not counted: the loop's first calls run unoptimised code and load the library.
        Run(parsed, cores, Warmup);
        return new Reading(Run(parsed, cores, duration), cores);
    }

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(0.5);

    // Signature checks per second on all cores, over about the duration.
    private static double Run(ParsedTransaction[] parsed, int cores, TimeSpan duration)
    {
        var checks = new long[cores];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, core =>
        {
            var done = 0L; // counted locally: neighbouring array slots would share a cache line
            while (clock.Elapsed < duration)
                TransactionCodec.VerifySignature(parsed[(int)((core + done++) % parsed.Length)]);
            checks[core] = done;
        });
        return checks.Sum() / clock.Elapsed.TotalSeconds;
    }
}
