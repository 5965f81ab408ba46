using System.Text.Json;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;
using ChainNode.Node.Commands;
using ChainNode.Node.Home;

namespace ChainNode.Node.Configuration;

/// <summary>
/// Writes a whole local network: genesis.json, one home per validator (config, key, data/),
/// the funded members' keys for the wallet, and network.json listing every node's addresses.
/// Ports: peer = base + i, API = base + 100 + i, HTTP = base + 200 + i.
/// </summary>
public sealed class NetworkLayout
{
    public const string NetworkFileName = "network.json";

    public required int Validators { get; init; }
    public int Members { get; init; } = 4;
    public string ChainId { get; init; } = "chainnode-local";
    public string Host { get; init; } = "127.0.0.1";
    public int BasePort { get; init; } = 26600;
    public ulong MemberBalance { get; init; } = 1_000_000_000_000;
    public ulong GasPrice { get; init; }

    /// <summary>Keys derived from published labels ("devnet-validator-i"), reproducing the repository's genesis.json. Never for real use.</summary>
    public bool InsecureDevKeys { get; init; }

    /// <summary>Changes each node's configuration before it is written (the defaults otherwise).</summary>
    public Action<NodeConfig>? Configure { get; init; }

    public static string NodeFolder(int index) => $"node-{index}";

    /// <summary>The i-th node's listen addresses: peer = base + i, API = base + 100 + i, HTTP = base + 200 + i.</summary>
    public static NodeConfig ConfigFor(string name, string host, int basePort, int index) => new()
    {
        Name = name,
        PeerListen = $"{host}:{basePort + index}",
        ApiListen = $"{host}:{basePort + 100 + index}",
        HttpListen = $"{host}:{basePort + 200 + index}",
    };

    public static void RequireRoomForPorts(int basePort, int nodes)
    {
        if (basePort is < 1024 || basePort + 200 + nodes > 65535)
            throw new CommandException($"--base-port {basePort} leaves no room for {nodes} validator(s)' three ports (peer, API at +100, HTTP at +200); use 1024..{65535 - 200 - nodes}");
    }

    /// <summary>Block limits and timeouts for a new network: 4,000 txs or 4 MiB per block, 200 ms blocks, 2 s view changes.</summary>
    public static GenesisDocument.ConsensusSection DefaultConsensus() => new()
    {
        MaxTxsPerBlock = 4000,
        MaxBlockBytes = 4 * 1024 * 1024,
        TargetBlockIntervalMs = 200,
        ViewChangeTimeoutMs = 2000,
        CheckpointInterval = 100,
    };

    public NetworkDescription Write(string directory)
    {
        if (Validators is < 1 or > 100)
            throw new CommandException($"--validators must be 1..100, got {Validators}");
        if (Members is < 1 or > 10_000)
            throw new CommandException($"--members must be 1..10000, got {Members}");
        RequireRoomForPorts(BasePort, Validators);
        NodeHome.RequireAbsentOrEmpty(directory);

        var validatorKeys = Enumerable.Range(0, Validators)
            .Select(i => InsecureDevKeys ? PrivateKey.FromInsecureSeed($"devnet-validator-{i}") : PrivateKey.Generate()).ToList();
        var memberKeys = Enumerable.Range(0, Members)
            .Select(i => InsecureDevKeys ? PrivateKey.FromInsecureSeed($"devnet-member-{i}") : PrivateKey.Generate()).ToList();
        var document = BuildGenesis(validatorKeys, memberKeys);
        var genesisJson = GenesisLoader.Serialize(document);
        GenesisLoader.Validate(document); // our own output must pass our own checks

        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "genesis.json"), genesisJson);
        var nodes = new List<NetworkDescription.NodeEntry>();
        for (var i = 0; i < Validators; i++)
        {
            var home = new NodeHome(Path.Combine(directory, NodeFolder(i)));
            var config = ConfigFor($"validator-{i}", Host, BasePort, i);
            Configure?.Invoke(config);
            home.Initialize(config, validatorKeys[i]);
            File.WriteAllText(home.GenesisFile, genesisJson);
            nodes.Add(new NetworkDescription.NodeEntry(config.Name, NodeFolder(i), $"http://{config.ApiListen}", $"http://{config.HttpListen}", config.PeerListen));
        }

        var membersDirectory = Path.Combine(directory, "members");
        Directory.CreateDirectory(membersDirectory);
        var members = new List<NetworkDescription.MemberEntry>();
        for (var i = 0; i < Members; i++)
        {
            var file = $"member-{i}.key";
            KeyFile.Write(Path.Combine(membersDirectory, file), memberKeys[i]);
            members.Add(new NetworkDescription.MemberEntry($"member-{i}", memberKeys[i].Address.ToString(), Path.Combine("members", file), MemberBalance));
        }
        var description = new NetworkDescription(document.ChainId!, nodes, members);
        File.WriteAllText(Path.Combine(directory, NetworkFileName), JsonSerializer.Serialize(description, NodeConfigFile.Json) + "\n");
        return description;
    }

    private GenesisDocument BuildGenesis(List<PrivateKey> validatorKeys, List<PrivateKey> memberKeys) => new()
    {
        ChainId = InsecureDevKeys && ChainId == "chainnode-local" ? "chainnode-devnet" : ChainId,
        // The dev network has a fixed genesis so its hash (and the repository's genesis.json) never changes.
        GenesisTime = InsecureDevKeys ? "2026-11-21T00:00:00Z" : DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        GasPrice = GasPrice,
        Consensus = DefaultConsensus(),
        Validators = validatorKeys.Select((k, i) => new GenesisDocument.ValidatorEntry
        {
            Name = $"validator-{i}",
            PublicKey = k.PublicKey.ToString(),
            NetworkAddress = $"{Host}:{BasePort + i}",
        }).ToList(),
        Members = memberKeys.Select(k => new GenesisDocument.MemberEntry { Address = k.Address.ToString(), Balance = MemberBalance }).ToList(),
        Admins = [memberKeys[0].Address.ToString()],
    };
}

/// <summary>network.json: where each node of a local network listens, and the funded members' key files.</summary>
public sealed record NetworkDescription(string ChainId, IReadOnlyList<NetworkDescription.NodeEntry> Nodes, IReadOnlyList<NetworkDescription.MemberEntry> Members)
{
    public sealed record NodeEntry(string Name, string Home, string ApiUrl, string HttpUrl, string PeerAddress);

    public sealed record MemberEntry(string Name, string Address, string KeyFile, ulong Balance);

    public static NetworkDescription Load(string directory)
    {
        var path = Path.Combine(directory, NetworkLayout.NetworkFileName);
        if (!File.Exists(path))
            throw new CommandException($"'{directory}' holds no {NetworkLayout.NetworkFileName}; create the network with 'chainnode init'");
        return JsonSerializer.Deserialize<NetworkDescription>(File.ReadAllText(path), NodeConfigFile.Json)
            ?? throw new CommandException($"{path} is empty");
    }
}
