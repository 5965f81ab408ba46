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

    public MempoolSection Mempool { get; set; } = new();

    public PeerSection Peers { get; set; } = new();

    public ApiSection Api { get; set; } = new();

    public sealed class ApiSection
    {
        /// <summary>SubmitTx calls per second allowed from one client address (token bucket refill).</summary>
        public double SubmitRatePerSecond { get; set; } = 20_000;

        /// <summary>SubmitTx calls one client may make at once before the rate applies.</summary>
        public double SubmitBurst { get; set; } = 40_000;

        /// <summary>Open SubscribeBlocks streams allowed on one HTTP/2 connection.</summary>
        public int MaxStreamsPerConnection { get; set; } = 16;
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
    }
}
