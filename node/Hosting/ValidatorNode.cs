using ChainNode.Consensus.Pbft;
using ChainNode.Contracts.Host;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Genesis;
using ChainNode.Node.Api;
using ChainNode.Node.Commands;
using ChainNode.Node.Configuration;
using ChainNode.Node.Consensus;
using ChainNode.Node.Explorer;
using ChainNode.Node.Home;
using ChainNode.Node.Mempool;
using ChainNode.Node.Operations;
using ChainNode.Node.Peers;
using ChainNode.Node.Peers.Protos;
using ChainNode.Node.Tls;
using ChainNode.Rpc.Api;
using ChainNode.Rpc.Transport;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChainNode.Node.Hosting;

/// <summary>
/// The composition root of one validator: loads its home, opens the ledger, wires mempool,
/// consensus, peers and the APIs, and serves three ports (peer gRPC, public gRPC, HTTP). Runs
/// until Ctrl-C / SIGTERM, or until the ledger cannot go on safely.
/// </summary>
public static class ValidatorNode
{
    public static async Task<int> RunAsync(NodeHome home, CancellationToken shutdown, NodeHooks? hooks = null)
    {
        home.RequireRunnable();
        var config = NodeConfigFile.Load(home.ConfigFile);
        var descriptors = DescriptorLimit.RaiseSoftToHard();
        var genesis = GenesisLoader.LoadFile(home.GenesisFile);
        if (ViewChangeBudget.BlockSizeProblem(genesis.Validators.Count, genesis.Parameters.MaxBlockBytes) is { } tooLarge)
            throw new CommandException($"{home.GenesisFile}: {tooLarge}");
        var keyPath = home.Resolve(config.ValidatorKeyFile);
        var key = KeyFile.Read(keyPath);
        // A key outside genesis is a validator that joined (or waits to be added): it catches up
        // and votes from the epoch whose set names it (the loop says which, as it goes).
        var me = genesis.Validators.Validators.FirstOrDefault(v => v.PublicKey.Equals(key.PublicKey));
        var peerEndpoint = NodeConfigFile.ParseEndpoint(config.PeerListen);
        var apiEndpoint = NodeConfigFile.ParseEndpoint(config.ApiListen);
        var httpEndpoint = NodeConfigFile.ParseEndpoint(config.HttpListen);

        home.EnsurePrivateDataDirectory();
        var tls = home.EnsureTls(config);
        // A layout migration runs before logging is set up: it reports to stderr.
        using var ledger = NodeLedger.OpenLevelDb(home.DataDirectory, genesis, createIfMissing: true, progress: Console.Error.WriteLine);
        var chain = ledger.Chain;
        var genesisHash = GenesisBlock.Create(genesis).Block.Hash;
        var identity = new NodeIdentity(!string.IsNullOrEmpty(config.Name) ? config.Name : me?.Name ?? $"node-{key.Address.ToString()[..12]}", key.PublicKey, genesis, genesisHash);
        var budgets = ConnectionBudgets.Derive(descriptors.Soft, genesis.Validators.Count, config.Connections, config.Api, Environment.ProcessorCount);
        var clock = TimeProvider.System;
        var metrics = new NodeMetrics();

        // The node's settings are its own config file, read once: no content root under the working
        // directory and no appsettings reload, whose file watch covers every folder below (including
        // the data directory, so every LevelDB write would wake the watcher).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        ConfigureLogging(builder.Logging, config.LogFormat);
        var guards = GuardPorts(builder.Services, genesis, budgets, metrics, clock, peerEndpoint.Port, apiEndpoint.Port, httpEndpoint.Port);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var headerTimeout = TimeSpan.FromSeconds(config.Connections.HeaderTimeoutSeconds);
            // HTTP/2 only on the gRPC ports: without TLS, "HTTP/1 and 2" would mean HTTP/1.1 only.
            // The guards count raw bytes, so they sit outside TLS (a ClientHello is longer than the HTTP/2 preface).
            kestrel.Listen(peerEndpoint, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                ConnectionGuard.Use(o, guards[peerEndpoint.Port], metrics.Connections, headerTimeout, ConnectionGuard.Http2PrefaceBytes, clock);
                PeerTls.Serve(o, tls);
            });
            kestrel.Listen(apiEndpoint, o =>
            {
                o.Protocols = HttpProtocols.Http2; // with TLS too: gRPC clients negotiate h2 by ALPN
                ConnectionGuard.Use(o, guards[apiEndpoint.Port], metrics.Connections, headerTimeout, ConnectionGuard.Http2PrefaceBytes, clock);
                if (config.Tls.PublicApi)
                    o.UseHttps(tls.Certificate);
            });
            kestrel.Listen(httpEndpoint, o =>
            {
                // Browsers: HTTP/1.1 in the clear (h2c would mean HTTP/1.1 only anyway); both over TLS.
                o.Protocols = config.Tls.Http ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                ConnectionGuard.Use(o, guards[httpEndpoint.Port], metrics.Connections, headerTimeout, 1, clock);
                if (config.Tls.Http)
                    o.UseHttps(tls.Certificate);
            });
            kestrel.Limits.MaxRequestBodySize = config.Peers.MaxMessageBytes + 5L;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 128;
            // No Kestrel-wide MaxConcurrentConnections: one count over all ports would let a flood on
            // the public port turn peers away. The guards bound each port instead.
            kestrel.Limits.RequestHeadersTimeout = headerTimeout;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(config.Connections.IdleTimeoutSeconds);
            // Pings find HTTP/2 clients that vanished without closing (their connection is otherwise only idle).
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            kestrel.AddServerHeader = false;
        });
        // The gRPC services are built once the app exists (they need its loggers); the container
        // hands out these instances, so every call reaches the same service.
        PublicApiServer? publicApi = null;
        PeerServer? peerServer = null;
        QuorumHealth? quorum = null;
        builder.Services.AddGrpc(o =>
        {
            o.EnableDetailedErrors = false; // a handler's bug is not the caller's business: UNKNOWN, and a log line here
            o.IgnoreUnknownServices = false;
            o.CompressionProviders = [new StrictGzip()];
        })
            .AddServiceOptions<StrictRequests<PublicApiServer>>(PublicApiLimits.Apply)
            .AddServiceOptions<StrictRequests<PeerServer>>(o => (o.MaxReceiveMessageSize, o.MaxSendMessageSize) = (config.Peers.MaxMessageBytes, config.Peers.MaxMessageBytes));
        builder.Services.AddSingleton(_ => new StrictRequests<PublicApiServer>(publicApi ?? throw new InvalidOperationException("the public API is not built yet"), PublicApiService.BindService));
        builder.Services.AddSingleton(_ => new StrictRequests<PeerServer>(peerServer ?? throw new InvalidOperationException("the peer service is not built yet"), PeerService.BindService));
        builder.Services.AddSingleton<IServiceMethodProvider<StrictRequests<PublicApiServer>>, StrictRequests<PublicApiServer>.MethodProvider>();
        builder.Services.AddSingleton<IServiceMethodProvider<StrictRequests<PeerServer>>, StrictRequests<PeerServer>.MethodProvider>();
        // Reflection describes the public port only: the peer protocol is not for standard clients.
        builder.Services.AddSingleton(new Grpc.Reflection.ReflectionServiceImpl(
            PublicApiService.Descriptor, Grpc.Health.V1.Health.Descriptor, Grpc.Reflection.V1Alpha.ServerReflection.Descriptor));
        builder.Services.AddGrpcHealthChecks().AddCheck("quorum", () => quorum?.Check() ?? HealthCheckResult.Unhealthy("starting"));
        var app = builder.Build();
        var loggers = app.Services.GetService(typeof(ILoggerFactory)) as ILoggerFactory ?? throw new InvalidOperationException("no logging");
        var log = loggers.CreateLogger("chainnode");
        LogBudgets(log, descriptors, budgets);

        var runtime = new ContractRuntime();
        var pool = new TxPool(genesis.ChainId, new TxPoolLimits(config.Mempool.MaxTxs, config.Mempool.MaxBytes, config.Mempool.MaxNonceGap,
            config.Mempool.MaxTxsPerSender, TimeSpan.FromSeconds(config.Mempool.GapTimeoutSeconds)),
            () => chain.State, hash => chain.GetTxLocation(hash)?.Height, runtime.IsEnabled, clock);
        var execution = new ChainExecution(chain, new BlockExecutor(genesis.ChainId, new TransactionExecutor(runtime)), pool);
        var status = new PeerStatusBoard(clock);
        var sessions = new PeerSessions(clock);
        using var peers = new PeerNetwork(new PeerLinkContext(key, tls, genesisHash, config.Peers.QueueCapacity,
            config.Peers.MaxMessageBytes, status, metrics, loggers.CreateLogger("chainnode.peers"), clock, () => chain.Height), sessions);
        var feed = new BlockFeed();
        var loop = new ConsensusLoop(new ConsensusLoopParts(chain, ledger.ConsensusRecords, genesis, key, execution, pool, peers, feed, metrics,
            loggers.CreateLogger("chainnode.consensus"), clock, config.TickMs, hooks?.TamperOutbound, hooks?.FilterProposal,
            config.Peers.Bootstrap.Select(b => new Ledger.Blocks.Validator(-1, b.Name, Ledger.Crypto.PublicKey.FromHex(b.PublicKey), b.NetworkAddress)).ToList(),
            config.Consensus.CreateEmptyBlocks, config.Consensus.EmptyBlockIntervalSeconds));

        peerServer = new PeerServer(genesisHash, key, tls, sessions, status, loop, pool, chain, metrics, loggers.CreateLogger("chainnode.peers"));
        publicApi = new PublicApiServer(identity, chain, pool, loop, peers, feed, metrics, runtime,
            new ClientRateLimiter(config.Api.SubmitRatePerSecond, config.Api.SubmitBurst), new StreamCounter(config.Api.MaxStreamsPerConnection),
            new ConcurrencyGate(new PortBudget(budgets.QueriesInFlight, budgets.QueriesPerAddress)), new ConcurrencyGate(budgets.EventStreams), new GovernanceQueries(chain));
        quorum = new QuorumHealth(identity, loop, status);
        // A burst of 2 s worth covers a dashboard's first page of 60 blocks.
        var explorer = new ExplorerApi(identity, chain, ledger.Explorer, loop, pool, status, clock,
            new ClientRateLimiter(config.Api.ExplorerBlockReadsPerSecond, Math.Max(1, 2 * config.Api.ExplorerBlockReadsPerSecond)));
        var eventStreams = new ConcurrencyGate(budgets.EventStreams);
        metrics.Connections.TrackEventStreams(() => eventStreams.Open);
        var http = new HttpEndpoints(identity, chain, loop, pool, status, metrics, clock, explorer, new ExplorerEvents(feed, explorer, clock, eventStreams, metrics.Connections), quorum);
        app.UseRouting();
        app.KeepEndpointsOnTheirPorts(httpEndpoint.Port);
        app.MapGrpcService<StrictRequests<PeerServer>>().OnPort(peerEndpoint.Port);
        app.MapGrpcService<StrictRequests<PublicApiServer>>().OnPort(apiEndpoint.Port);
        app.MapGrpcService<Grpc.Reflection.ReflectionServiceImpl>().OnPort(apiEndpoint.Port);
        app.MapGrpcHealthChecksService().OnPort(apiEndpoint.Port);
        app.UseEndpoints(_ => { });
        app.Run(context => PortRouting.UnroutedAsync(context, httpEndpoint.Port, http.HandleAsync));

        try
        {
            await app.StartAsync(shutdown);
        }
        catch (IOException e)
        {
            throw new CommandException($"cannot listen on {config.PeerListen}, {config.ApiListen} or {config.HttpListen}: {e.Message}");
        }
        log.LogInformation("{Name} (key {Address}) on chain {Chain} at height {Height}; peer {Peer} (TLS), API {ApiScheme}://{Api}, HTTP {HttpScheme}://{Http}; TLS certificate sha256 {Fingerprint}",
            identity.Name, key.Address, genesis.ChainId, chain.Height, config.PeerListen, config.Tls.PublicApi ? "https" : "http", config.ApiListen,
            config.Tls.Http ? "https" : "http", config.HttpListen, tls.Hash);

        using var onSignal = shutdown.Register(app.Lifetime.StopApplication); // Ctrl-C / SIGTERM
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(app.Lifetime.ApplicationStopping);
        peers.Start(stop.Token);
        var rebroadcast = Task.Run(() => new Rebroadcaster(pool, peers, clock).RunAsync(stop.Token), CancellationToken.None);
        var consensus = Task.Run(() => loop.RunAsync(stop.Token), CancellationToken.None);
        _ = consensus.ContinueWith(_ => app.Lifetime.StopApplication(), TaskScheduler.Default);
        await app.WaitForShutdownAsync(CancellationToken.None);
        await stop.CancelAsync();
        try
        {
            await consensus;
        }
        catch (Exception e) when (e is LedgerDivergedException or LedgerCorruptException or ChainNode.Consensus.Hosting.ConsensusStateCorruptException or BlockRejectedException or Storage.StorageException)
        {
            log.LogCritical("Stopping: {Reason}", e.Message);
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug, not an operating condition: keep the stack trace for the report.
            log.LogCritical(e, "Stopping: the consensus loop failed");
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Error;
        }
        await peers.StoppedAsync();
        await rebroadcast;
        await app.StopAsync(CancellationToken.None);
        log.LogInformation("Stopped at height {Height}", chain.Height);
        return ExitCodes.Ok;
    }

    // Each port's admission runs in the transport's accept loop (GatedListenerFactory). The
    // validators' genesis addresses have their own share of the peer port (a local devnet puts
    // them all on one address).
    private static Dictionary<int, PortGuard> GuardPorts(IServiceCollection services, GenesisConfig genesis, ConnectionBudgets budgets, NodeMetrics metrics,
        TimeProvider clock, int peerPort, int apiPort, int httpPort)
    {
        var peerShare = new PortBudget(16 * genesis.Validators.Count, 16 * genesis.Validators.Count);
        var guards = new Dictionary<int, PortGuard>
        {
            [peerPort] = new("peer", new ConcurrencyGate(budgets.Peer, PeerAddresses(genesis), peerShare), metrics.Connections, clock),
            [apiPort] = new("public", new ConcurrencyGate(budgets.Public), metrics.Connections, clock),
            [httpPort] = new("http", new ConcurrencyGate(budgets.Http), metrics.Connections, clock),
        };
        services.RemoveAll<IConnectionListenerFactory>();
        services.AddSingleton<IConnectionListenerFactory>(provider =>
        {
            var loggers = provider.GetRequiredService<ILoggerFactory>();
            foreach (var guard in guards.Values)
                guard.Log = loggers.CreateLogger("chainnode.connections");
            return new GatedListenerFactory(new SocketTransportFactory(provider.GetRequiredService<IOptions<SocketTransportOptions>>(), loggers), guards);
        });
        return guards;
    }

    // The addresses genesis gives the validators: on the peer port they have their own budget.
    private static HashSet<System.Net.IPAddress> PeerAddresses(GenesisConfig genesis) =>
        genesis.Validators.Validators
            .Select(v => NodeConfigFile.TryParseEndpoint(v.NetworkAddress, out var endpoint) ? ConcurrencyGate.Normalize(endpoint.Address) : null)
            .OfType<System.Net.IPAddress>()
            .ToHashSet();

    private static void LogBudgets(ILogger log, DescriptorLimit.Result descriptors, ConnectionBudgets budgets)
    {
        if (descriptors.Problem is not null)
            log.LogWarning("Descriptor limit: {Problem}", descriptors.Problem);
        log.LogInformation("Descriptor limit {Soft} (hard {Hard}, was {Before}); connections: public {Public}, HTTP {Http}, peer {Peer}; /api/events streams {Events}; queries in flight {Queries} ({QueriesPerAddress} per address)",
            descriptors.Soft, descriptors.Hard, descriptors.Before, budgets.Public, budgets.Http, budgets.Peer, budgets.EventStreams, budgets.QueriesInFlight, budgets.QueriesPerAddress);
        var reserve = ConnectionBudgets.ReserveFor(descriptors.Soft);
        if ((ulong)budgets.InboundTotal + reserve > descriptors.Soft)
            log.LogWarning("The connection budgets ({Inbound}) plus the reserve ({Reserve}) exceed the descriptor limit {Soft}: raise the hard limit (ulimit -Hn, LimitNOFILE=) or lower connections.* in config.json",
                budgets.InboundTotal, reserve, descriptors.Soft);
    }

    private static void ConfigureLogging(ILoggingBuilder logging, string format)
    {
        logging.ClearProviders();
        if (format == "json")
            logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        else
            logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; o.UseUtcTimestamp = true; });
        logging.AddFilter("Microsoft", LogLevel.Warning);
        // The gRPC health service re-runs the quorum check every 30 s and would log each unhealthy
        // result as an error; the node logs its lost peers itself, once.
        logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        logging.SetMinimumLevel(LogLevel.Information);
    }
}
