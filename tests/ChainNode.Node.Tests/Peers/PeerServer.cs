using ChainNode.Contracts.Host;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Types;
using ChainNode.Node.Api;
using ChainNode.Node.Consensus;
using ChainNode.Node.Hosting;
using ChainNode.Node.Mempool;
using ChainNode.Node.Operations;
using ChainNode.Node.Peers;
using ChainNode.Node.Testing;
using ChainNode.Node.Tls;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChainNode.Node.Tests.Peers;

/// <summary>
/// One node's peer side in this process: an in-memory chain of a few certified blocks, the peer
/// service on a loopback port, and the node's peer directory (never started, so it dials nobody).
/// Its consensus loop is built but not run: delivered messages only queue.
/// </summary>
internal sealed class PeerServer : IAsyncDisposable
{
    public static readonly TestNetwork Network = new(validators: 4);

    private readonly ChainStore _chain;
    private readonly LoopbackGrpcServer _server;

    private PeerServer(PrivateKey key, ChainStore chain, PeerSessions sessions, PeerNetwork peers, LoopbackGrpcServer server)
    {
        Key = key;
        _chain = chain;
        Sessions = sessions;
        Peers = peers;
        _server = server;
    }

    public static Hash32 GenesisHash { get; } = GenesisBlock.Create(Network.Genesis).Block.Hash;

    public PrivateKey Key { get; }

    public PeerSessions Sessions { get; }

    public PeerNetwork Peers { get; }

    public string NetworkAddress => $"{_server.Address.Host}:{_server.Address.Port}";

    public ulong Height => _chain.Height;

    public Validator AsValidator(int index = 0) => new(index, $"server-{index}", Key.PublicKey, NetworkAddress);

    public static async Task<PeerServer> StartAsync(PrivateKey key, int blocks = 3)
    {
        var clock = TimeProvider.System;
        var ledger = NodeLedger.Over(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        var chain = ledger.Chain;
        new TestChainBuilder(Network, chain).Extend(blocks, txsPerBlock: 1);
        var metrics = new NodeMetrics();
        var pool = new TxPool(Network.Genesis.ChainId, new TxPoolLimits(100, 1 << 20, 4, MaxPerSender: 100, GapTimeout: TimeSpan.FromSeconds(60)),
            () => chain.State, hash => chain.GetTxLocation(hash)?.Height, contractsEnabled: false, clock);
        var runtime = new ContractRuntime();
        var execution = new ChainExecution(chain, new BlockExecutor(Network.Genesis.ChainId, new TransactionExecutor(runtime)), pool);
        var status = new PeerStatusBoard(clock);
        var sessions = new PeerSessions(clock);
        var peers = new PeerNetwork(Context(key, status, metrics), sessions);
        var loop = new ConsensusLoop(new ConsensusLoopParts(chain, ledger.ConsensusRecords, Network.Genesis, key, execution, pool, peers, new BlockFeed(), metrics,
            NullLogger.Instance, clock, TickMs: 100));
        var tls = TlsIdentity.Generate("peer-server");
        var service = new Node.Peers.PeerServer(GenesisHash, key, tls, sessions, status, loop, pool, chain, metrics, NullLogger.Instance);
        return new PeerServer(key, chain, sessions, peers, await LoopbackGrpcServer.StartAsync(service, peerTls: tls));
    }

    public static PeerLinkContext Context(PrivateKey key, PeerStatusBoard status, NodeMetrics metrics) =>
        new(key, TlsIdentity.Generate("peer-link"), GenesisHash, QueueCapacity: 64, MaxMessageBytes: 1 << 20, status, metrics, NullLogger.Instance, TimeProvider.System, () => 0);

    /// <summary>A validator entry for <paramref name="key"/> at an address where nobody listens.</summary>
    public static Validator Unreachable(PrivateKey key, int index) => new(index, $"validator-{index}", key.PublicKey, "127.0.0.1:9");

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Peers.Dispose();
        _chain.Dispose();
    }
}
