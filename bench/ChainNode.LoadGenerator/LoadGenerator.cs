using System.Collections.Concurrent;
using System.Diagnostics;
using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Language;
using ChainNode.Contracts.Vm;
using ChainNode.Ledger.Contracts;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Node;
using ChainNode.Node.Mempool;
using ChainNode.Rpc.Api;
using Google.Protobuf;
using Grpc.Core;

namespace ChainNode.LoadGenerator;

/// <summary>
/// Drives a network with signed txs: signs everything before timing starts, submits at a fixed
/// rate or as fast as accepted across all nodes, follows commits through a block subscription,
/// and measures committed tx/s and submit-to-commit latency after the warm-up.
/// </summary>
/// <param name="metrics">Each validator's HTTP endpoint, for its CPU time (/metrics); may be empty.</param>
/// <param name="local">With --validators: the control over the local network's processes; null for --nodes.</param>
public sealed class LoadGenerator(BenchOptions options, IReadOnlyList<Uri> nodes, IReadOnlyList<PrivateKey> accounts, TextWriter progress,
    IReadOnlyList<Uri> metrics, LocalValidators? local)
{
    private const int MaxPresigned = 2_000_000;
    private const int CeilingSample = 4_096;
    // An idle validator still ticks and writes empty blocks: about 0.02 of a core here.
    private const double QuietCoresPerValidator = 0.05;
    private static readonly TimeSpan QuietPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CeilingSpell = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RetryAtLatest = TimeSpan.FromMilliseconds(500);

    public async Task<BenchReport> RunAsync(int validators, CancellationToken cancel)
    {
        var clients = nodes.Select(n => new PublicApiClient(n, TimeSpan.FromSeconds(30))).ToArray();
        try
        {
            var status = await clients[0].GetStatusAsync(cancel);
            var payload = options.TokenContract ? await DeployTokenAsync(clients[0], status.ChainId, cancel) : null;
            // Measured while the network idles, before the load starts, on a sample signed for it.
            var sample = await PresignAsync(clients[0], status.ChainId, payload, CeilingSample, cancel);
            await WaitForQuietValidatorsAsync(cancel);
            var ceiling = SignatureCeiling.Measure(sample, status.ChainId, CeilingSpell);
            progress.WriteLine($"this machine checks {ceiling.ChecksPerSecond:N0} signatures/s on {ceiling.Cores} cores: a ceiling of {ceiling.ChecksPerSecond / validators:N0} tx/s for {validators} validators");
            // At --rate max the network may commit up to its ceiling: sign for that (with headroom),
            // or a small network runs out of signed txs inside the window.
            var rate = options.Rate ?? 1.2 * ceiling.ChecksPerSecond / validators;
            var txs = await PresignAsync(clients[0], status.ChainId, payload, (int)Math.Min(MaxPresigned, Math.Ceiling(rate * (options.Warmup + options.Duration).TotalSeconds * 1.05)), cancel);
            var (report, cpuStart, cpuEnd) = await MeasureAsync(clients, txs, validators, cancel);
            // Again once the network idles after the load: a shared host drifts within minutes.
            await WaitForQuietValidatorsAsync(cancel);
            var after = SignatureCeiling.Measure(txs, status.ChainId, CeilingSpell);
            return report with
            {
                SignatureChecksPerSecond = ceiling.ChecksPerSecond,
                SignatureChecksPerSecondAfter = after.ChecksPerSecond,
                Cores = ceiling.Cores,
                Cpu = ValidatorCpu.Cost(cpuStart, cpuEnd, report.CommittedInWindow, (ceiling.ChecksPerSecond + after.ChecksPerSecond) / 2, ceiling.Cores),
            };
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }
    }

    // Validators that still start up or drain the load would share the cores with the signature
    // check and make the ceiling look low (readings of 24k/s beside 46k/s in one run before this wait).
    private async Task WaitForQuietValidatorsAsync(CancellationToken cancel)
    {
        if (metrics.Count == 0)
            return;
        using var cpu = new ValidatorCpu(metrics);
        var quiet = QuietCoresPerValidator * metrics.Count;
        var cores = await cpu.WaitForQuietAsync(quiet, QuietPatience, TimeProvider.System, cancel);
        if (cores >= quiet)
            progress.WriteLine($"the validators still use {cores:F2} cores after {QuietPatience.TotalSeconds:F0} s: the signature ceiling is read beside them");
    }

    // Signs total txs (rounded up to whole rounds over the accounts) from the accounts' pending nonces.
    private async Task<SignedTx[]> PresignAsync(PublicApiClient client, string chainId, Func<int, Action<TxBody>>? payload, int total, CancellationToken cancel)
    {
        var perAccount = (total + accounts.Count - 1) / accounts.Count;
        var nonces = await Task.WhenAll(accounts.Select(async a => (await client.GetAccountAsync(a.Address.ToArray(), cancel)).PendingNonce));
        var clock = Stopwatch.StartNew();
        var byAccount = new SignedTx[accounts.Count][];
        Parallel.For(0, accounts.Count, a =>
        {
            var key = accounts[a];
            var to = accounts[(a + 1) % accounts.Count].Address;
            byAccount[a] = new SignedTx[perAccount];
            for (var n = 0; n < perAccount; n++)
            {
                var body = new TxBody { ChainId = chainId, SenderPublicKey = key.PublicKey.ToByteString(), Nonce = nonces[a] + (ulong)n, GasLimit = payload is null ? GasSchedule.Transfer : 200_000UL };
                if (payload is null)
                    body.Transfer = new Transfer { To = to.ToByteString(), Amount = 1 };
                else
                    payload(a)(body);
                byAccount[a][n] = TransactionCodec.Sign(body, key);
            }
        });
        // Interleave accounts so each account's nonces go out in order but no account waits on another.
        var txs = new SignedTx[perAccount * accounts.Count];
        for (var n = 0; n < perAccount; n++)
        {
            for (var a = 0; a < accounts.Count; a++)
                txs[n * accounts.Count + a] = byAccount[a][n];
        }
        progress.WriteLine($"signed {txs.Length:N0} txs from {accounts.Count:N0} accounts in {clock.Elapsed.TotalSeconds:F1} s (before timing)");
        return txs;
    }

    private async Task<Func<int, Action<TxBody>>> DeployTokenAsync(PublicApiClient client, string chainId, CancellationToken cancel)
    {
        var token = Compiler.Compile(TokenSource);
        var deployer = accounts[0];
        var nonce = (await client.GetAccountAsync(deployer.Address.ToArray(), cancel)).PendingNonce;
        var body = new TxBody
        {
            ChainId = chainId,
            SenderPublicKey = deployer.PublicKey.ToByteString(),
            Nonce = nonce,
            GasLimit = 10_000_000,
            Deploy = new ContractDeploy { Code = ByteString.CopyFrom(token.Module), Input = ByteString.CopyFrom(AbiCodec.Encode([(AbiType.U256, new Value(1_000_000))])) },
        };
        var tx = TransactionCodec.Sign(body, deployer);
        await client.SubmitTxAsync(tx, cancel);
        var hash = TransactionCodec.HashOf(tx).ToArray();
        while (true)
        {
            try
            {
                if ((await client.GetTxAsync(hash, cancel)).Status == TxStatus.Committed)
                    break;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
            }
            await Task.Delay(100, cancel);
        }
        var contract = ContractKeys.ContractAddress(deployer.Address, nonce).ToByteString();
        var selector = Convert.ToUInt32(token.Abi.Find("transfer")!.Selector, 16);
        progress.WriteLine($"token contract deployed at {ContractKeys.ContractAddress(deployer.Address, nonce)}");
        // Each call moves 0 tokens: the full storage and event work of a transfer, with no balance to fund first.
        return a => body => body.Call = new ContractCall
        {
            Contract = contract,
            Input = ByteString.CopyFrom(AbiCodec.EncodeCall(selector, [(AbiType.Address, new Value(accounts[(a + 1) % accounts.Count].Address.ToArray())), (AbiType.U256, Value.Zero)])),
        };
    }

    private async Task<(BenchReport Report, ValidatorReading?[] CpuStart, ValidatorReading?[] CpuEnd)> MeasureAsync(PublicApiClient[] clients, SignedTx[] txs, int validators, CancellationToken cancel)
    {
        var index = new Dictionary<Hash32, int>(txs.Length);
        for (var i = 0; i < txs.Length; i++)
            index[TransactionCodec.HashOf(txs[i])] = i;
        var submittedAt = new long[txs.Length];
        var committedAt = new long[txs.Length];
        var blocks = new ConcurrentQueue<(long At, int Txs, ulong View)>();
        var rejected = new ConcurrentDictionary<string, long>();
        var clock = Stopwatch.StartNew();
        double Seconds() => clock.Elapsed.TotalSeconds;
        long submitted = 0, committed = 0, resent = 0, rateLimited = 0;
        var commits = new CommitSignal();
        var outages = new NodeOutages(clients.Length);

        using var stopFollowing = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var follow = Task.Run(() => new CommitFollower(clients, outages, Seconds).RunAsync(block =>
        {
            var now = clock.ElapsedTicks;
            blocks.Enqueue((now, (int)block.TxCount, block.Header?.View ?? 0));
            foreach (var hash in block.TxHashes)
            {
                if (index.TryGetValue(new Hash32(hash.Span), out var i) && committedAt[i] == 0)
                {
                    committedAt[i] = now;
                    Interlocked.Increment(ref committed);
                }
            }
            commits.BlockSeen();
        }, stopFollowing.Token), CancellationToken.None);

        var end = options.Warmup + options.Duration;
        // Each account talks to one node (account a to node a mod N), as a wallet would, and to one
        // worker, which sends its next batch only once the last one is accepted: an account's
        // nonces reach the network in order even when a busy node makes some wait and go again.
        var workerCount = Math.Max(options.Concurrency, clients.Length) / clients.Length * clients.Length;
        var streams = Enumerable.Range(0, workerCount)
            .Select(w => Enumerable.Range(0, txs.Length).Where(i => OwnerOf(i % accounts.Count, clients.Length, workerCount) == w).ToArray()).ToArray();
        var giveUpAt = end + TimeSpan.FromSeconds(30);
        // At a fixed rate each worker sends about ten batches a second, so the load is smooth.
        var batch = Math.Max(1, options.Rate is { } offered ? Math.Min(options.Batch, (int)(offered / workerCount / 10)) : options.Batch);
        var workers = Enumerable.Range(0, workerCount).Select(w => Task.Run(async () =>
        {
            var home = w % clients.Length;
            var node = home;
            var stream = streams[w];
            for (var first = 0; first < stream.Length && clock.Elapsed < end && !cancel.IsCancellationRequested; first += batch)
            {
                if (options.Rate is { } rate)
                {
                    var due = TimeSpan.FromSeconds(first / (rate / workerCount));
                    if (due > clock.Elapsed)
                        await Task.Delay(due - clock.Elapsed, cancel);
                }
                var pending = stream.Skip(first).Take(batch).ToList();
                while (pending.Count > 0)
                {
                    // While its own node is away, a worker sends to the next live one, and goes home once it is back.
                    node = outages.IsDown(home) ? NextLive(outages, node, clients.Length) : home;
                    // Latency runs from the submission the node accepts: a refused one is not submitted.
                    var now = clock.ElapsedTicks;
                    foreach (var i in pending)
                        submittedAt[i] = now;
                    var retry = new List<int>();
                    try
                    {
                        var results = (await clients[node].SubmitTxBatchAsync(pending.Select(i => txs[i]), cancel)).Results;
                        outages.Answered(node, Seconds());
                        for (var k = 0; k < pending.Count; k++)
                        {
                            if (results[k].Code == 0)
                                Interlocked.Increment(ref submitted);
                            else if (results[k].Code == (uint)StatusCode.ResourceExhausted && clock.Elapsed < giveUpAt)
                            {
                                retry.Add(pending[k]); // the node is full for now: back off and send these again
                                if (Reason(results[k].Message, StatusCode.ResourceExhausted) == RateLimitedToken)
                                    Interlocked.Increment(ref rateLimited); // not the mempool: the node's per-client limit
                            }
                            else
                                rejected.AddOrUpdate(Reason(results[k].Message, (StatusCode)results[k].Code), 1, (_, n) => n + 1);
                        }
                    }
                    catch (RpcException e) when (Unreachable(e) && !cancel.IsCancellationRequested && clock.Elapsed < giveUpAt)
                    {
                        outages.Failed(node, Seconds());
                        node = NextLive(outages, node, clients.Length);
                        retry = pending; // the node went away: send the same batch to another
                    }
                    catch (RpcException e)
                    {
                        rejected.AddOrUpdate(Reason(e.Status.Detail, e.StatusCode), pending.Count, (_, n) => n + pending.Count);
                    }
                    pending = retry;
                    Interlocked.Add(ref resent, retry.Count);
                    if (pending.Count > 0)
                    {
                        await Task.WhenAny(commits.Next, Task.Delay(RetryAtLatest, cancel)); // a block frees room; the timer covers a stalled feed
                        cancel.ThrowIfCancellationRequested();
                    }
                }
            }
        }, CancellationToken.None)).ToArray();

        var edges = Task.Run(() => WindowEdgesAsync(clients, outages, clock, cancel), CancellationToken.None);
        HostCpuTimes? windowStart = null, windowEnd = null;
        var reporter = Task.Run(async () =>
        {
            long lastCommitted = 0;
            var lastCpu = HostCpuTimes.ReadNow();
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await tick.WaitForNextTickAsync(cancel) && !workers.All(w => w.IsCompleted))
            {
                var now = Interlocked.Read(ref committed);
                var cpu = HostCpuTimes.ReadNow();
                var lastSecond = cpu is not null && lastCpu is not null ? cpu.Since(lastCpu) : null;
                // The window's CPU shares come from the ticks nearest its edges.
                if (clock.Elapsed >= options.Warmup && windowStart is null)
                    windowStart = cpu;
                if (clock.Elapsed <= end)
                    windowEnd = cpu;
                progress.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F0} s  submitted {Interlocked.Read(ref submitted),10:N0}  committed {now,10:N0}  ({now - lastCommitted,6:N0} tx/s)  rejected {rejected.Values.Sum():N0}{(lastSecond is null ? "" : $"  cpu stolen {lastSecond.Stolen * 100,3:F0}%")}{(clock.Elapsed < options.Warmup ? "  (warm-up)" : "")}");
                lastCommitted = now;
                lastCpu = cpu;
                await LookForReturnsAsync(clients, outages, Seconds(), cancel);
            }
        }, CancellationToken.None);

        await Task.WhenAll(workers);
        // Let what was accepted finish committing (bounded), then stop following.
        var drainUntil = clock.Elapsed + TimeSpan.FromSeconds(15);
        while (Interlocked.Read(ref committed) < Interlocked.Read(ref submitted) && clock.Elapsed < drainUntil)
            await Task.Delay(100, cancel);
        await stopFollowing.CancelAsync();
        await follow;
        await reporter;
        var (cpuStart, cpuEnd, kill) = await edges;

        var report = await ReportAsync(clients, txs, submittedAt, committedAt, [.. blocks], rejected, validators, Interlocked.Read(ref submitted), Interlocked.Read(ref resent), outages, cancel);
        foreach (var outage in outages.All())
            progress.WriteLine($"  {outage}");
        report = report with
        {
            ResentAfterRateLimit = Interlocked.Read(ref rateLimited),
            Outages = outages.All(),
            Failover = kill is null ? null : FailoverCheck.Analyse(kill, [.. blocks.Select(b => (Ticks(b.At), b.View))],
                [.. committedAt.Where(t => t > 0).Select(Ticks)], local!.ViewChangeTimeoutSeconds, clock.Elapsed.TotalSeconds),
        };
        if (windowStart is not null && windowEnd?.Since(windowStart) is { } shares)
            report = report with { HostCpuStolen = shares.Stolen, HostCpuIdle = shares.Idle };
        return (report, cpuStart, cpuEnd);
    }

    private static readonly string RateLimitedToken = RejectReasons.Token(RejectReason.RateLimited);

    private static double Ticks(long ticks) => (double)ticks / Stopwatch.Frequency;

    // At the window's edges: each validator's CPU time; and, with --kill-primary-at, the kill.
    private async Task<(ValidatorReading?[] Start, ValidatorReading?[] End, FailoverCheck.Kill? Kill)> WindowEdgesAsync(PublicApiClient[] clients, NodeOutages outages, Stopwatch clock, CancellationToken cancel)
    {
        using var cpu = new ValidatorCpu(metrics);
        await DelayUntil(clock, options.Warmup, cancel);
        var start = await cpu.ReadAsync(cancel);
        FailoverCheck.Kill? kill = null;
        if (options.KillPrimaryAt is { } killAt && local is not null)
        {
            await DelayUntil(clock, options.Warmup + killAt, cancel);
            kill = await KillPrimaryAsync(clients, outages, clock, cancel);
        }
        await DelayUntil(clock, options.Warmup + options.Duration, cancel);
        return (start, await cpu.ReadAsync(cancel), kill);
    }

    private async Task<FailoverCheck.Kill> KillPrimaryAsync(PublicApiClient[] clients, NodeOutages outages, Stopwatch clock, CancellationToken cancel)
    {
        var node = NextLive(outages, clients.Length - 1, clients.Length);
        var status = await clients[node].GetStatusAsync(cancel);
        var at = clock.Elapsed.TotalSeconds;
        await local!.KillValidator((int)status.Primary);
        progress.WriteLine($"  {at,5:F0} s  killed validator {status.Primary} (kill -9), primary of view {status.View} as node {node} saw it");
        return new FailoverCheck.Kill((int)status.Primary, at, status.View);
    }

    private static async Task DelayUntil(Stopwatch clock, TimeSpan at, CancellationToken cancel)
    {
        if (at > clock.Elapsed)
            await Task.Delay(at - clock.Elapsed, cancel);
    }

    // Asks each node that is away whether it is back, so its outage ends when it does.
    private async Task LookForReturnsAsync(PublicApiClient[] clients, NodeOutages outages, double now, CancellationToken cancel)
    {
        for (var node = 0; node < clients.Length; node++)
        {
            if (!outages.IsDown(node))
                continue;
            try
            {
                await clients[node].GetStatusAsync(cancel);
                if (outages.Answered(node, now) is { } outage)
                    progress.WriteLine($"  {outage}");
            }
            catch (RpcException)
            {
            }
        }
    }

    // The next node after this one that is not known to be away (this one if all are).
    private static int NextLive(NodeOutages outages, int node, int count)
    {
        for (var step = 1; step <= count; step++)
        {
            var candidate = (node + step) % count;
            if (!outages.IsDown(candidate))
                return candidate;
        }
        return (node + 1) % count;
    }

    // The node is not there (refused, reset, killed mid-call, silent): not a verdict on the txs.
    private static bool Unreachable(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded || e.StatusCode == StatusCode.Internal && e.Status.DebugException is HttpRequestException or IOException;

    private async Task<BenchReport> ReportAsync(PublicApiClient[] clients, SignedTx[] txs, long[] submittedAt, long[] committedAt, List<(long At, int Txs, ulong View)> blocks,
        ConcurrentDictionary<string, long> rejected, int validators, long submitted, long resent, NodeOutages outages, CancellationToken cancel)
    {
        var from = (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var to = (long)((options.Warmup + options.Duration).TotalSeconds * Stopwatch.Frequency);
        var window = options.Duration.TotalSeconds;
        var committedInWindow = committedAt.Count(t => t >= from && t < to);
        var latencies = Enumerable.Range(0, txs.Length)
            .Where(i => committedAt[i] > 0 && submittedAt[i] >= from && submittedAt[i] < to)
            .Select(i => (committedAt[i] - submittedAt[i]) * 1000.0 / Stopwatch.Frequency)
            .Order().ToList();
        var windowBlocks = blocks.Where(b => b.At >= from && b.At < to).ToList();

        // Every tx counted as committed must be in the chain: ask the live nodes for each one, round
        // robin, once each of them has reached the height the highest of them reached.
        var live = await LiveNodesAsync(clients, cancel);
        if (live.Count == 0)
            throw new CommandException("no node answers after the load; nothing can be checked in the chain");
        await WaitForNodesAsync(clients, live, live.Max(n => n.Height), cancel);
        var committedHashes = Enumerable.Range(0, txs.Length).Where(i => committedAt[i] > 0).Select(i => TransactionCodec.HashOf(txs[i]).ToArray()).ToList();
        long verified = 0, asked = 0;
        await Parallel.ForEachAsync(committedHashes, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancel }, async (hash, token) =>
        {
            var tx = await clients[live[(int)(Interlocked.Increment(ref asked) % live.Count)].Node].GetTxAsync(hash, token);
            if (tx.Status is TxStatus.Committed or TxStatus.Failed)
                Interlocked.Increment(ref verified);
        });

        return new BenchReport(
            validators,
            options.TokenContract ? "token contract transfer" : "native transfer",
            options.Rate is { } rate ? $"{rate:N0} tx/s" : "max",
            window,
            options.Warmup.TotalSeconds,
            submitted,
            committedHashes.Count,
            committedInWindow / window,
            BenchReport.Percentile(latencies, 50),
            BenchReport.Percentile(latencies, 95),
            BenchReport.Percentile(latencies, 99),
            windowBlocks.Count / window,
            windowBlocks.Count == 0 ? 0 : windowBlocks.Average(b => b.Txs),
            new SortedDictionary<string, long>(rejected),
            resent,
            verified)
        { CommittedInWindow = committedInWindow };
    }

    // The nodes that answer now (a killed validator stays down), with their heights.
    private static async Task<List<(int Node, ulong Height)>> LiveNodesAsync(PublicApiClient[] clients, CancellationToken cancel)
    {
        var answers = await Task.WhenAll(clients.Select(async (client, node) =>
        {
            try
            {
                return ((int Node, ulong Height)?)(node, (await client.GetStatusAsync(cancel)).Height);
            }
            catch (RpcException e) when (Unreachable(e))
            {
                return null;
            }
        }));
        return [.. answers.OfType<(int, ulong)>()];
    }

    // A block commits once a quorum holds it; a validator outside that quorum may trail by a round.
    private static async Task WaitForNodesAsync(PublicApiClient[] clients, List<(int Node, ulong Height)> live, ulong height, CancellationToken cancel)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var (node, _) in live)
        {
            while ((await clients[node].GetStatusAsync(cancel)).Height < height)
            {
                if (deadline.Elapsed > CatchUpPatience)
                    throw new CommandException($"node {node} is still below height {height}, which another node reached, {CatchUpPatience.TotalSeconds:F0} s after the load ended; see its node.log");
                await Task.Delay(100, cancel);
            }
        }
    }

    private static readonly TimeSpan CatchUpPatience = TimeSpan.FromSeconds(30);

    // Account a is served by node a mod N, and there by one of that node's workers.
    private static int OwnerOf(int account, int nodes, int workers) => account % nodes + nodes * (account / nodes % (workers / nodes));

    private static string Reason(string detail, StatusCode status)
    {
        var token = detail.Split(':')[0];
        return token.Length is > 0 and < 40 && !token.Contains(' ', StringComparison.Ordinal) ? token : status.ToString();
    }

    private const string TokenSource = """
        contract BenchToken {
            storage balances: map<address, u256>;
            event Transfer(from: address, to: address, amount: u256);
            init(initial: u256) { balances[caller] = initial; }
            pub fn transfer(to: address, amount: u256) -> bool {
                let balance: u256 = balances[caller];
                require(balance >= amount, "insufficient token balance");
                balances[caller] = balance - amount;
                balances[to] = balances[to] + amount;
                emit Transfer(caller, to, amount);
                return true;
            }
        }
        """;
}
