namespace ChainNode.Node.Configuration;

/// <summary>
/// A validator's config.json (camelCase). Paths are relative to the home folder. Listen
/// addresses are host:port; the peer address must match this validator's networkAddress in
/// genesis, since that is where the others dial.
/// </summary>
public sealed class NodeConfig
{
    public string Name { get; set; } = "";

    public string ValidatorKeyFile { get; set; } = "validator.key";

    /// <summary>gRPC (HTTP/2) for the other validators.</summary>
    public string PeerListen { get; set; } = "";

    /// <summary>gRPC (HTTP/2) public API for wallets and tools.</summary>
    public string ApiListen { get; set; } = "";

    /// <summary>HTTP/1.1: explorer, /health, /metrics.</summary>
    public string HttpListen { get; set; } = "";

    /// <summary>Length of one consensus tick; timeouts from genesis are converted to ticks of this size.</summary>
    public int TickMs { get; set; } = 25;

    /// <summary>"text" for people, "json" for log collectors.</summary>
    public string LogFormat { get; set; } = "text";

    public ConsensusSection Consensus { get; set; } = new();

    public MempoolSection Mempool { get; set; } = new();

    public PeerSection Peers { get; set; } = new();

    public ApiSection Api { get; set; } = new();

    public ConnectionSection Connections { get; set; } = new();

    public TlsSection Tls { get; set; } = new();

    /// <summary>
    /// The node's TLS certificate. The peer port always uses it (made at init, or at the first
    /// start when both files are absent); the public API and HTTP ports use it when switched on.
    /// </summary>
    public sealed class TlsSection
    {
        public string CertificateFile { get; set; } = "tls.crt";

        public string KeyFile { get; set; } = "tls.key";

        /// <summary>Serve the public gRPC API over TLS (https:// for wallets) instead of h2c.</summary>
        public bool PublicApi { get; set; }

        /// <summary>Serve the explorer, /health and /metrics over HTTPS.</summary>
        public bool Http { get; set; }
    }

    /// <summary>
    /// How many connections each port holds, in total and from one client address. 0 means
    /// derived from the process's descriptor limit at start (logged), keeping a reserve for
    /// LevelDB and the links to peers.
    /// </summary>
    public sealed class ConnectionSection
    {
        public PortLimits Public { get; set; } = new();

        public PortLimits Http { get; set; } = new();

        public PortLimits Peer { get; set; } = new();

        /// <summary>A connection that has not sent its request headers (HTTP/1.1) or HTTP/2 preface by then is closed.</summary>
        public int HeaderTimeoutSeconds { get; set; } = 10;

        /// <summary>A connection with no request in progress for this long is closed.</summary>
        public int IdleTimeoutSeconds { get; set; } = 120;
    }

    public sealed class PortLimits
    {
        public int MaxConnections { get; set; }

        public int MaxPerAddress { get; set; }
    }

    public sealed class ApiSection
    {
        /// <summary>SubmitTx calls per second allowed from one client address (token bucket refill).</summary>
        public double SubmitRatePerSecond { get; set; } = 20_000;

        /// <summary>SubmitTx calls one client may make at once before the rate applies.</summary>
        public double SubmitBurst { get; set; } = 40_000;

        /// <summary>Open SubscribeBlocks streams allowed on one HTTP/2 connection.</summary>
        public int MaxStreamsPerConnection { get; set; } = 16;

        /// <summary>Open /api/events streams in total, and likewise SubscribeBlocks streams; 0 means half the HTTP port's connections.</summary>
        public int MaxEventStreams { get; set; }

        /// <summary>Open /api/events streams from one client address, and likewise SubscribeBlocks streams; 0 means half its HTTP connections.</summary>
        public int MaxEventStreamsPerAddress { get; set; }

        /// <summary>QueryContract calls running at once (each may run up to the query gas cap); 0 means half the cores, at least 1.</summary>
        public int MaxQueriesInFlight { get; set; }

        /// <summary>Blocks /api/blocks may read and decode per second for one client address (summaries it has cached cost nothing).</summary>
        public double ExplorerBlockReadsPerSecond { get; set; } = 200;

        /// <summary>QueryContract calls one client address may have running at once.</summary>
        public int MaxQueriesInFlightPerAddress { get; set; } = 1;
    }

    /// <summary>
    /// Empty blocks (CometBFT's create_empty_blocks). On, a primary with no txs proposes one every
    /// half view-change timeout, so block height shows liveness and block-counted lifetimes
    /// (governance proposals) keep their pace. Off, an idle network writes nothing; an empty block
    /// is still proposed after emptyBlockIntervalSeconds since the last block (0: never).
    /// </summary>
    public sealed class ConsensusSection
    {
        public bool CreateEmptyBlocks { get; set; } = true;

        public int EmptyBlockIntervalSeconds { get; set; }
    }

    public sealed class MempoolSection
    {
        /// <summary>
        /// Pending txs held. Every tx waiting here adds to every later tx's latency, so the bound
        /// is about a quarter second of this machine's throughput (CometBFT holds 5,000, Besu 4,096).
        /// Measured at full load on 4 validators: 10,000 held p50 near 3 s; 4,000 near 1.3 s;
        /// 2,000 near 0.75 s with p99 1.2-1.5 s; 1,000 near 0.45 s with p99 0.8-0.93 s, for 3%
        /// less throughput (three alternating 20 s runs each).
        /// </summary>
        public int MaxTxs { get; set; } = 1_000;

        public long MaxBytes { get; set; } = 64L * 1024 * 1024;

        /// <summary>How far ahead of a sender's next nonce a tx may be held waiting for the gap to fill.</summary>
        public int MaxNonceGap { get; set; } = 256;

        /// <summary>Pending txs one sender may hold (clients and gossip together), so one member cannot crowd out the rest.</summary>
        public int MaxTxsPerSender { get; set; } = 256;

        /// <summary>How long a tx may wait behind a nonce gap before it is dropped; its sender may never fill the gap.</summary>
        public int GapTimeoutSeconds { get; set; } = 60;
    }

    public sealed class PeerSection
    {
        /// <summary>Messages queued for one peer before new ones are dropped (and counted).</summary>
        public int QueueCapacity { get; set; } = 20_000;

        public int MaxMessageBytes { get; set; } = 64 * 1024 * 1024;

        /// <summary>
        /// Validators to dial first, before this node has learnt the current set from the chain's
        /// epochs. 'chainnode join' writes genesis's validators here; empty means genesis's.
        /// </summary>
        public List<BootstrapPeer> Bootstrap { get; set; } = [];
    }

    public sealed class BootstrapPeer
    {
        public string Name { get; set; } = "";

        /// <summary>Hex secp256k1 key the peer must prove it holds in the handshake.</summary>
        public string PublicKey { get; set; } = "";

        /// <summary>host:port of its peer endpoint.</summary>
        public string NetworkAddress { get; set; } = "";
    }
}
