using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;
using ChainNode.Node;
using ChainNode.Node.Commands;
using ChainNode.Node.Configuration;
using ChainNode.Node.Devnet;
using ChainNode.Node.Home;
using ChainNode.Rpc.Api;

namespace ChainNode.LoadGenerator;

/// <summary>
/// <c>chainnode-bench</c>: a load generator. Starts its own local network (--validators N) or
/// targets a running one (--nodes URL,... with --network DIR for funded keys), and reports
/// committed tx/s, latency percentiles, blocks/s and rejections.
/// </summary>
public static class BenchCommand
{
    public static RootCommand Create()
    {
        var validators = new Option<int?>("--validators") { Description = "Start a local network of N validators for the run (deleted afterwards)." };
        var nodes = new Option<string?>("--nodes") { Description = "Target a running network instead: comma-separated API URLs." };
        var network = new Option<string?>("--network") { Description = "With --nodes: the `chainnode init` folder whose funded member keys sign the load." };
        var duration = new Option<double>("--duration") { Description = "Seconds measured, after the warm-up.", DefaultValueFactory = _ => 30 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of load before measuring starts.", DefaultValueFactory = _ => 5 };
        var rate = new Option<string>("--rate") { Description = "Offered tx/s, or 'max' (as fast as accepted).", DefaultValueFactory = _ => "max" };
        var accounts = new Option<int>("--accounts") { Description = "Sending accounts (with --validators, funded in the network's genesis).", DefaultValueFactory = _ => 256 };
        var concurrency = new Option<int>("--concurrency") { Description = "Submission calls in flight at once.", DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch") { Description = "Txs per SubmitTxBatch call (1 sends them one by one).", DefaultValueFactory = _ => 100 };
        var workload = new Option<string>("--workload") { Description = "'transfer' (native coin) or 'token' (a token contract's transfer).", DefaultValueFactory = _ => "transfer" };
        var basePort = new Option<int>("--base-port") { Description = "With --validators: first port of the local network.", DefaultValueFactory = _ => 36600 };
        var output = new Option<string?>("--out") { Description = "Also write the summary as JSON to this file." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object." };
        var keep = new Option<bool>("--keep") { Description = "With --validators: keep the network's folder (logs, ledgers) afterwards." };
        var sweep = new Option<string?>("--sweep") { Description = "Offered loads to run one after another on the same network, e.g. 1000,2000,4000,max (overrides --rate)." };
        var svg = new Option<string?>("--svg") { Description = "With --sweep: write a chart of committed tx/s and p99 latency against offered load." };
        var killPrimaryAt = new Option<double?>("--kill-primary-at") { Description = "With --validators: kill -9 the primary this many seconds into the measured window, and report the gap until the others commit and the time until throughput recovers." };
        var command = new RootCommand("chainnode-bench: load a network with signed txs and measure committed tx/s and latency.")
        {
            validators, nodes, network, duration, warmup, rate, accounts, concurrency, batch, workload, basePort, output, json, sweep, svg, keep, killPrimaryAt,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var rateText = parse.GetValue(rate)!;
            double? offered = rateText == "max" ? null
                : double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 ? r
                : throw new CommandException($"--rate must be a positive number or 'max', got '{rateText}'");
            if (parse.GetValue(workload) is not ("transfer" or "token"))
                throw new CommandException("--workload must be 'transfer' or 'token'");
            var options = new BenchOptions(parse.GetValue(validators), [], TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmup)),
                offered, parse.GetValue(accounts), parse.GetValue(concurrency), Math.Clamp(parse.GetValue(batch), 1, 1000), parse.GetValue(workload) == "token", parse.GetValue(output), parse.GetValue(json),
                parse.GetValue(killPrimaryAt) is { } killAt ? TimeSpan.FromSeconds(killAt) : null);
            if (options.Duration <= TimeSpan.Zero || options.Accounts < 1 || options.Concurrency < 1)
                throw new CommandException("--duration, --accounts and --concurrency must be positive");
            if (options.KillPrimaryAt is { } kill && (options.Validators is null || parse.GetValue(sweep) is not null || kill <= TimeSpan.Zero || kill >= options.Duration))
                throw new CommandException("--kill-primary-at needs --validators (the bench kills a validator it started), no --sweep, and a time inside the measured window (0 < SECONDS < --duration)");
            var rates = parse.GetValue(sweep) is { } list
                ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ParseRate).ToList()
                : [offered];
            var reports = options.Validators is { } count
                ? await RunLocalAsync(options, rates, count, parse.GetValue(basePort), parse.GetValue(keep), cancel)
                : await RunRemoteAsync(options, rates, parse.GetValue(nodes) ?? throw new CommandException("give --validators N, or --nodes URL,... with --network DIR"),
                    parse.GetValue(network) ?? throw new CommandException("--nodes needs --network DIR for the funded member keys"), cancel);
            foreach (var report in reports)
                Print(report, options);
            if (parse.GetValue(svg) is { } chart)
            {
                var title = $"{reports[0].Validators} validators, {reports[0].Workload}, 2 cores";
                File.WriteAllText(chart, SweepPlot.Render(reports, ChartCeiling(reports), title));
                Console.Error.WriteLine($"chart written to {chart}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static double? ParseRate(string text) =>
        text == "max" ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 ? rate
        : throw new CommandException($"'{text}' is not a rate: use a positive number or 'max'");

    private static async Task<List<BenchReport>> RunAllAsync(BenchOptions options, List<double?> rates, IReadOnlyList<Uri> urls, List<PrivateKey> keys, int validators,
        IReadOnlyList<Uri> metrics, LocalValidators? local, CancellationToken cancel)
    {
        var reports = new List<BenchReport>();
        foreach (var rate in rates)
        {
            Console.Error.WriteLine($"offered load: {(rate is { } r ? $"{r:N0} tx/s" : "max")}");
            reports.Add(await new LoadGenerator(options with { Rate = rate }, urls, keys, Console.Error, metrics, local).RunAsync(validators, cancel));
        }
        return reports;
    }

    // All of the bench's accounts submit from one address, and a node's per-client submit limit
    // (api.submitRatePerSecond, 20,000 tx/s by default: a guard against one client flooding a
    // public API) would cap what the bench measures instead of the node. One validator committed
    // 18,000 tx/s against it, refused clients waiting out 180 ms block intervals, and 27,700
    // without (2026-12-07).
    private const double LocalSubmitRate = 1_000_000;

    private static async Task<List<BenchReport>> RunLocalAsync(BenchOptions options, List<double?> rates, int validators, int basePort, bool keep, CancellationToken cancel)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"chainnode-bench-{Guid.NewGuid():N}");
        var description = new NetworkLayout
        {
            Validators = validators, Members = options.Accounts, BasePort = basePort, ChainId = "chainnode-bench",
            Configure = config => (config.Api.SubmitRatePerSecond, config.Api.SubmitBurst) = (LocalSubmitRate, 2 * LocalSubmitRate),
        }.Write(directory);
        var processes = description.Nodes.Select(n => new ValidatorProcess(n.Name, Path.Combine(directory, n.Home), Chainnode())).ToList();
        try
        {
            foreach (var process in processes)
                process.Start();
            var urls = description.Nodes.Select(n => new Uri(n.ApiUrl)).ToList();
            await ValidatorStartup.WaitUntilServingAsync(processes, urls, minHeight: 1, TimeSpan.FromSeconds(90), cancel);
            Console.Error.WriteLine($"local network of {validators} validators up ({directory})");
            var keys = description.Members.Select(m => KeyFile.Read(Path.Combine(directory, m.KeyFile))).ToList();
            var metrics = description.Nodes.Select(n => new Uri(n.HttpUrl)).ToList();
            // A local network's validator i is node i: the layout lists them in genesis order.
            var local = new LocalValidators(v => processes[v].KillAsync(),
                GenesisLoader.LoadFile(Path.Combine(directory, "genesis.json")).Parameters.ViewChangeTimeoutMs / 1000.0);
            return await RunAllAsync(options, rates, urls, keys, validators, metrics, local, cancel);
        }
        finally
        {
            await Task.WhenAll(processes.Select(p => p.StopAsync()));
            foreach (var process in processes)
                process.Dispose();
            if (keep)
                Console.Error.WriteLine($"kept the network in {directory}");
            else
                Directory.Delete(directory, recursive: true);
        }
    }

    // The validators run the chainnode this program was built with, started the way this program
    // was: the project reference puts chainnode.dll, its apphost and its runtime settings beside it.
    private static ValidatorProcess.Command Chainnode()
    {
        var dll = typeof(ValidatorProcess).Assembly.Location;
        if (Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet")
            return new ValidatorProcess.Command(path, [dll]);
        var apphost = Path.ChangeExtension(dll, null);
        return File.Exists(apphost) ? new ValidatorProcess.Command(apphost, []) : new ValidatorProcess.Command("dotnet", [dll]);
    }

    private static async Task<List<BenchReport>> RunRemoteAsync(BenchOptions options, List<double?> rates, string nodes, string network, CancellationToken cancel)
    {
        var urls = NodeUrls.Parse(nodes);
        var description = NetworkDescription.Load(network);
        var keys = MemberKeys(description, network, options.Accounts);
        var statuses = new List<GetStatusResponse>();
        foreach (var url in urls)
            statuses.Add(await NodeProbe.StatusAsync(url, cancel));
        var metrics = description.Nodes.Select(n => new Uri(n.HttpUrl)).ToList();
        return await RunAllAsync(options, rates, urls, keys, (int)statuses[0].ValidatorCount, metrics, local: null, cancel);
    }

    // The funded members' keys that `chainnode init` writes under members/ and lists in network.json.
    private static List<PrivateKey> MemberKeys(NetworkDescription description, string network, int accounts)
    {
        var members = description.Members.Take(accounts).ToList();
        if (members.Count == 0)
            throw new CommandException($"'{network}' lists no funded member keys in {NetworkLayout.NetworkFileName}; the bench signs its load with them (create the network with 'chainnode init')");
        foreach (var member in members)
        {
            if (!File.Exists(Path.Combine(network, member.KeyFile)))
                throw new CommandException($"'{network}' lacks the member key {member.KeyFile} that {NetworkLayout.NetworkFileName} lists; the bench signs its load with the funded member keys 'chainnode init' wrote there");
        }
        return [.. members.Select(m => KeyFile.Read(Path.Combine(network, m.KeyFile)))];
    }

    // The ceiling measured on this machine during the sweep (the middle reading), or else the
    // project guide's two-core figure of 35.7k signature checks per second.
    private static double ChartCeiling(List<BenchReport> reports)
    {
        var measured = reports.Select(r => r.SignatureCeilingTxPerSecond).Where(c => c > 0).Order().ToList();
        return measured.Count > 0 ? measured[measured.Count / 2] : 35_700.0 / reports[0].Validators;
    }

    private static double Share(BenchReport report) =>
        report.SignatureCeilingTxPerSecond > 0 ? report.CommittedPerSecond / report.SignatureCeilingTxPerSecond : 0;

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web);

    private static void Print(BenchReport report, BenchOptions options)
    {
        var json = JsonSerializer.Serialize(report, Indented);
        if (options.OutFile is { } file)
            File.WriteAllText(file, json + "\n");
        if (options.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, Compact));
            return;
        }
        Console.Out.WriteLine($"""
            {report.Validators} validators, {report.Workload}, offered {report.OfferedRate}, {report.DurationSeconds:F0} s measured after {report.WarmupSeconds:F0} s warm-up
              committed        {report.CommittedPerSecond,10:N0} tx/s sustained ({report.Committed:N0} committed of {report.Submitted:N0} submitted)
              latency          p50 {report.LatencyP50Ms:N0} ms, p95 {report.LatencyP95Ms:N0} ms, p99 {report.LatencyP99Ms:N0} ms (accepted submit to commit)
              blocks           {report.BlocksPerSecond:F2} blocks/s, {report.MeanTxsPerBlock:N0} txs per block on average
              rejected         {(report.Rejected.Count == 0 ? "none" : string.Join(", ", report.Rejected.Select(r => $"{r.Key} {r.Value:N0}")))}
              held back        {report.ResentAfterBusy:N0} submissions refused as busy (RESOURCE_EXHAUSTED: mempool full{(report.ResentAfterRateLimit > 0 ? $", or {report.ResentAfterRateLimit:N0} of them rate_limited by the node's per-client limit, api.submitRatePerSecond" : "")}) and sent again later
              verified         {report.VerifiedInChain:N0} of {report.Committed:N0} committed txs found in the chain by GetTx
              ceiling          {report.SignatureCeilingTxPerSecond,10:N0} tx/s from signature checks alone ({report.SignatureChecksPerSecond:N0}/s on {report.Cores} cores here before the run and {report.SignatureChecksPerSecondAfter:N0}/s after, shared by {report.Validators} validators); committed is {Share(report) * 100:F0}% of it
            """);
        if (report.HostCpuStolen is { } stolen && report.HostCpuIdle is { } idle)
            Console.Out.WriteLine($"  host CPU         {stolen * 100:F1}% taken by the hypervisor (steal) and {idle * 100:F1}% idle over the measured window, from /proc/stat");
        foreach (var outage in report.Outages)
            Console.Out.WriteLine($"  node away        {outage}");
        if (report.Failover is { } failover)
            Console.Out.WriteLine(FailoverLine(failover, report.WarmupSeconds));
        if (report.Cpu is { } cpu)
        {
            Console.Out.WriteLine($"  cpu per tx       {cpu.CpuMicrosecondsPerTxPerValidator:N0} µs per committed tx per validator (process_cpu_seconds_total of {cpu.Validators} validators over the window); one signature check costs {cpu.SignatureCheckMicroseconds:F1} µs on one core");
            if (cpu.SignatureChecksPerTxPerValidator is { } checks)
                Console.Out.WriteLine($"  checks per tx    {checks:F3} signature checks per committed tx per validator (chainnode_tx_signature_checks_total; 1 when none is checked twice)");
            Console.Out.WriteLine($"  derived          one validator per 2-core host: ~{cpu.DerivedTwoCoreHostTxPerSecond:N0} tx/s (2 core-seconds per second / CPU per tx per validator; derived, not measured)");
        }
    }

    private static string FailoverLine(FailoverReport f, double warmup)
    {
        var gap = f.GapSeconds is { } g
            ? $"the others committed {g:F2} s later ({(g <= f.TwiceViewChangeTimeoutSeconds ? "within" : "over")} 2x the view-change timeout, {f.TwiceViewChangeTimeoutSeconds:F2} s)"
            : "no block from a later view before the run ended";
        var recovery = f.RecoverySeconds is { } r
            ? $"throughput back to >= {FailoverCheck.RecoveredShare:P0} of the {f.TxPerSecondBeforeKill:N0} tx/s before the kill {r:F2} s after that"
            : $"throughput not back to {FailoverCheck.RecoveredShare:P0} of the {f.TxPerSecondBeforeKill:N0} tx/s before the kill by the end";
        return $"  failover         killed validator {f.KilledValidator} (primary of view {f.ViewAtKill}) {f.KilledAtSeconds - warmup:F1} s into the window: {gap}; {recovery}";
    }
}
