using System.CommandLine;
using ChainNode.Simulation;

namespace ChainNode.Node.Commands;

/// <summary>
/// <c>chainnode simulate</c>: runs the deterministic PBFT simulator over many seeds and ends with
/// "seeds: K, safety violations: V, liveness failures: L"; exits non-zero if V or L is not zero.
/// </summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var validators = new Option<int>("--validators") { Description = "Validators per run (n).", DefaultValueFactory = _ => 4 };
        var byzantine = new Option<int>("--byzantine") { Description = "Byzantine validators per run (at most f for liveness).", DefaultValueFactory = _ => 1 };
        var seeds = new Option<int>("--seeds") { Description = "How many seeds to run.", DefaultValueFactory = _ => 100 };
        var firstSeed = new Option<int>("--first-seed") { Description = "The first seed; runs seeds S..S+K-1.", DefaultValueFactory = _ => 1 };
        var ticks = new Option<int>("--ticks") { Description = "Ticks of the faulty phase per run.", DefaultValueFactory = _ => 500 };
        var window = new Option<int>("--window") { Description = "Heights in flight.", DefaultValueFactory = _ => 2 };
        var verbose = new Option<bool>("--verbose") { Description = "Print the scenario and message trace of every failing seed." };
        var reconfigure = new Option<bool>("--reconfigure") { Description = "Change the validator set during each run (add, remove, replace a key, remove the primary or a Byzantine validator, several in a row)." };
        var command = new Command("simulate", "Run the PBFT simulator with Byzantine validators and a faulty network over many seeds.")
        {
            validators, byzantine, seeds, firstSeed, ticks, window, verbose, reconfigure,
        };
        command.SetAction(result =>
        {
            var options = new SimulationOptions
            {
                Validators = result.GetValue(validators),
                Byzantine = result.GetValue(byzantine),
                FaultTicks = result.GetValue(ticks),
                Window = result.GetValue(window),
                TraceCapacity = result.GetValue(verbose) ? 100_000 : 80,
                Reconfigure = result.GetValue(reconfigure),
            };
            return Run(options, result.GetValue(firstSeed), result.GetValue(seeds), result.GetValue(verbose));
        });
        return command;
    }

    private static int Run(SimulationOptions options, int firstSeed, int seeds, bool verbose)
    {
        if (options.Validators < 1 || options.Byzantine < 0 || options.Byzantine > options.Validators || seeds < 1 || options.FaultTicks < 0)
            throw new CommandException("need --validators >= 1, 0 <= --byzantine <= validators, --seeds >= 1 and --ticks >= 0");
        var f = (options.Validators - 1) / 3;
        if (options.Byzantine > f)
            Console.Error.WriteLine($"warning: {options.Byzantine} Byzantine validators exceed f = {f}; safety and liveness are not guaranteed");
        Console.Error.WriteLine($"simulating seeds {firstSeed}..{firstSeed + seeds - 1}: n = {options.Validators}, byzantine = {options.Byzantine}, {options.FaultTicks} faulty ticks, window {options.Window}"
            + (options.Reconfigure ? ", reconfiguring" : ""));

        var progress = new ProgressLine("seeds", (ulong)seeds, enabled: true);
        var summary = SimulationRunner.Run(options, firstSeed, seeds, done => { lock (progress) progress.Report((ulong)done); });
        progress.Finish();

        foreach (var failure in summary.Failures.Take(verbose ? int.MaxValue : 5))
            Console.WriteLine(verbose ? failure.Describe() : $"seed {failure.Seed}: {failure.SafetyViolation ?? failure.LivenessFailure}");
        if (!verbose && summary.Failures.Count > 0)
            Console.WriteLine("(rerun a seed with --first-seed SEED --seeds 1 --verbose for its trace)");
        Console.Error.WriteLine($"{summary.Messages:N0} messages, {summary.SignatureChecks:N0} signature checks in {summary.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"seeds: {summary.Seeds}, safety violations: {summary.SafetyViolations}, liveness failures: {summary.LivenessFailures}");
        return summary.SafetyViolations == 0 && summary.LivenessFailures == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }
}
