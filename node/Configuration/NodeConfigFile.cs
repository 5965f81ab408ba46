using System.Net;
using System.Text.Json;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;
using ChainNode.Node.Commands;

namespace ChainNode.Node.Configuration;

/// <summary>Reads and writes config.json, reporting every problem with its field.</summary>
public static class NodeConfigFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static NodeConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new CommandException($"config file '{path}' does not exist");
        NodeConfig config;
        try
        {
            config = JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(path), Json)
                ?? throw new CommandException($"{path}: the file holds no config object");
        }
        catch (JsonException e)
        {
            throw new CommandException($"{path}: {e.Message}");
        }
        var errors = new List<string>();
        foreach (var (field, value) in new[] { ("peerListen", config.PeerListen), ("apiListen", config.ApiListen), ("httpListen", config.HttpListen) })
        {
            if (!TryParseEndpoint(value, out _))
                errors.Add($"{field}: '{value}' is not host:port with an IP address");
        }
        if (config.TickMs is < 5 or > 1000)
            errors.Add($"tickMs: {config.TickMs} is outside 5..1000");
        if (config.LogFormat is not ("text" or "json"))
            errors.Add($"logFormat: '{config.LogFormat}' must be \"text\" or \"json\"");
        if (config.Consensus.EmptyBlockIntervalSeconds is < 0 or > 86_400)
            errors.Add($"consensus.emptyBlockIntervalSeconds: {config.Consensus.EmptyBlockIntervalSeconds} is outside 0..86400 (0: never)");
        else if (config.Consensus.CreateEmptyBlocks && config.Consensus.EmptyBlockIntervalSeconds != 0)
            errors.Add("consensus.emptyBlockIntervalSeconds: applies only with createEmptyBlocks false (with it true, an empty block follows every half view-change timeout)");
        if (config.Mempool.MaxTxs < 1 || config.Mempool.MaxBytes < 1024 || config.Mempool.MaxNonceGap < 0)
            errors.Add("mempool: maxTxs must be at least 1, maxBytes at least 1024, maxNonceGap not negative");
        if (config.Mempool.MaxTxsPerSender < 1 || config.Mempool.GapTimeoutSeconds < 1)
            errors.Add("mempool: maxTxsPerSender and gapTimeoutSeconds must be at least 1");
        if (config.Peers.QueueCapacity < 16 || config.Peers.MaxMessageBytes < 1024 * 1024)
            errors.Add("peers: queueCapacity must be at least 16 and maxMessageBytes at least 1 MiB");
        for (var i = 0; i < config.Peers.Bootstrap.Count; i++)
        {
            var peer = config.Peers.Bootstrap[i];
            if (!Ledger.Types.HostPort.IsValid(peer.NetworkAddress))
                errors.Add($"peers.bootstrap[{i}].networkAddress: '{peer.NetworkAddress}' is not host:port");
            if (!IsPublicKey(peer.PublicKey))
                errors.Add($"peers.bootstrap[{i}].publicKey: '{peer.PublicKey}' is not a secp256k1 public key in hex");
        }
        if (config.Api.SubmitRatePerSecond <= 0 || config.Api.SubmitBurst < 1 || config.Api.MaxStreamsPerConnection < 1)
            errors.Add("api: submitRatePerSecond must be positive, submitBurst and maxStreamsPerConnection at least 1");
        if (config.Api.ExplorerBlockReadsPerSecond <= 0)
            errors.Add("api: explorerBlockReadsPerSecond must be positive");
        if (config.Api.MaxEventStreams < 0 || config.Api.MaxEventStreamsPerAddress < 0 || config.Api.MaxQueriesInFlight < 0 || config.Api.MaxQueriesInFlightPerAddress < 1)
            errors.Add("api: maxEventStreams, maxEventStreamsPerAddress and maxQueriesInFlight must not be negative (0 means derived), maxQueriesInFlightPerAddress at least 1");
        foreach (var (port, limits) in new[] { ("public", config.Connections.Public), ("http", config.Connections.Http), ("peer", config.Connections.Peer) })
        {
            if (limits.MaxConnections < 0 || limits.MaxPerAddress < 0)
                errors.Add($"connections.{port}: maxConnections and maxPerAddress must not be negative (0 means derived from the descriptor limit)");
        }
        if (config.Connections.HeaderTimeoutSeconds is < 1 or > 600 || config.Connections.IdleTimeoutSeconds is < 1 or > 3600)
            errors.Add("connections: headerTimeoutSeconds must be within 1..600 and idleTimeoutSeconds within 1..3600");
        if (errors.Count > 0)
            throw new CommandException($"{path} is invalid:\n  " + string.Join("\n  ", errors));
        return config;
    }

    private static bool IsPublicKey(string hex)
    {
        try
        {
            PublicKey.FromHex(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static void Save(string path, NodeConfig config) => File.WriteAllText(path, JsonSerializer.Serialize(config, Json) + "\n");

    /// <summary>Parses an address <see cref="Load"/> already validated.</summary>
    public static IPEndPoint ParseEndpoint(string text) =>
        TryParseEndpoint(text, out var endpoint) ? endpoint : throw new CommandException($"'{text}' is not host:port with an IP address");

    public static bool TryParseEndpoint(string text, out IPEndPoint endpoint) => IPEndPoint.TryParse(text, out endpoint!) && endpoint.Port > 0;
}
