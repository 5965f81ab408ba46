using System.Globalization;
using System.Text.Json;
using ChainNode.Ledger.Genesis;
using ChainNode.Node.Configuration;
using ChainNode.Node.Devnet;
using ChainNode.Node.Home;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Faults;

/// <summary>
/// Separate hosts on this machine: one network namespace per validator, each with its own
/// address on a private bridge (10.77.S.1-4; the test stays in the root namespace at .254).
/// Faults are real: a link set down, blackhole routes for a split, netem delay and loss.
/// Everything is created under unique names and removed on dispose.
/// </summary>
internal sealed class NetworkNamespaces : IDisposable
{
    private readonly string _tag = $"cn{Environment.ProcessId % 10_000}{Random.Shared.Next(100)}";
    private readonly int _count;
    private readonly List<string> _namespaces = [];
    private readonly List<(int Ns, string Route)> _routes = [];

    private NetworkNamespaces(int count)
    {
        _count = count;
        Subnet = Random.Shared.Next(100, 250);
    }

    public int Subnet { get; }

    private string Bridge => $"{_tag}br";

    public string Namespace(int i) => $"{_tag}n{i}";

    private string HostSide(int i) => $"{_tag}h{i}";

    private string InnerSide(int i) => $"{_tag}v{i}";

    public string Address(int i) => $"10.77.{Subnet}.{i + 1}";

    /// <summary>Creates the namespaces, or returns null with the reason when this machine cannot.</summary>
    public static NetworkNamespaces? TryCreate(int count, out string? reason)
    {
        var created = new NetworkNamespaces(count);
        try
        {
            Run("ip", "link", "add", created.Bridge, "type", "bridge");
            Run("ip", "addr", "add", $"10.77.{created.Subnet}.254/24", "dev", created.Bridge);
            Run("ip", "link", "set", created.Bridge, "up");
            for (var i = 0; i < count; i++)
            {
                var ns = created.Namespace(i);
                Run("ip", "netns", "add", ns);
                created._namespaces.Add(ns);
                Run("ip", "link", "add", created.HostSide(i), "type", "veth", "peer", "name", created.InnerSide(i));
                Run("ip", "link", "set", created.InnerSide(i), "netns", ns);
                Run("ip", "link", "set", created.HostSide(i), "master", created.Bridge);
                Run("ip", "link", "set", created.HostSide(i), "up");
                Run("ip", "-n", ns, "addr", "add", $"{created.Address(i)}/24", "dev", created.InnerSide(i));
                Run("ip", "-n", ns, "link", "set", created.InnerSide(i), "up");
                Run("ip", "-n", ns, "link", "set", "lo", "up");
            }
            reason = null;
            return created;
        }
        catch (InvalidOperationException e)
        {
            created.Dispose();
            reason = e.Message;
            return null;
        }
    }

    /// <summary>Rewrites a `chainnode init` folder so validator i listens on, and is dialled at, its own address.</summary>
    public void Readdress(string folder)
    {
        var genesisPath = Path.Combine(folder, "genesis.json");
        var document = JsonSerializer.Deserialize<GenesisDocument>(File.ReadAllText(genesisPath), NodeConfigFile.Json)!;
        var description = NetworkDescription.Load(folder);
        for (var i = 0; i < _count; i++)
        {
            var port = int.Parse(document.Validators![i].NetworkAddress!.Split(':')[1], CultureInfo.InvariantCulture);
            document.Validators[i].NetworkAddress = $"{Address(i)}:{port}";
        }
        var genesis = GenesisLoader.Serialize(document);
        File.WriteAllText(genesisPath, genesis);
        var nodes = new List<NetworkDescription.NodeEntry>();
        for (var i = 0; i < _count; i++)
        {
            var home = new NodeHome(Path.Combine(folder, description.Nodes[i].Home));
            File.WriteAllText(home.GenesisFile, genesis);
            var config = NodeConfigFile.Load(home.ConfigFile);
            config.PeerListen = Move(config.PeerListen, i);
            config.ApiListen = Move(config.ApiListen, i);
            config.HttpListen = Move(config.HttpListen, i);
            NodeConfigFile.Save(home.ConfigFile, config);
            nodes.Add(description.Nodes[i] with { ApiUrl = $"http://{config.ApiListen}", HttpUrl = $"http://{config.HttpListen}", PeerAddress = config.PeerListen });
        }
        File.WriteAllText(Path.Combine(folder, NetworkLayout.NetworkFileName), JsonSerializer.Serialize(description with { Nodes = nodes }, NodeConfigFile.Json));
    }

    private string Move(string endpoint, int i) => $"{Address(i)}:{endpoint.Split(':')[1]}";

    /// <summary>Runs validator i inside its namespace.</summary>
    public ValidatorProcess.Command Program(int i) =>
        new("ip", ["netns", "exec", Namespace(i), "dotnet", Path.Combine(AppContext.BaseDirectory, "chainnode.dll")]);

    /// <summary>Cuts validator i off from everyone (its link to the bridge goes down).</summary>
    public void Isolate(int i) => Run("ip", "link", "set", HostSide(i), "down");

    public void Reconnect(int i) => Run("ip", "link", "set", HostSide(i), "up");

    /// <summary>No traffic between the two groups (blackhole routes inside each namespace); the test still reaches all.</summary>
    public void Split(IReadOnlyList<int> left, IReadOnlyList<int> right)
    {
        foreach (var (from, to) in left.SelectMany(l => right.Select(r => (l, r))).Concat(right.SelectMany(r => left.Select(l => (r, l)))))
        {
            Run("ip", "-n", Namespace(from), "route", "add", "blackhole", $"{Address(to)}/32");
            _routes.Add((from, $"{Address(to)}/32"));
        }
    }

    public void Heal()
    {
        foreach (var (ns, route) in _routes)
            Run("ip", "-n", Namespace(ns), "route", "del", "blackhole", route);
        _routes.Clear();
    }

    /// <summary>Adds delay and loss on every validator's link; false (with the reason) if netem is unavailable.</summary>
    public bool TryDegrade(int delayMs, int lossPercent, out string? reason)
    {
        try
        {
            for (var i = 0; i < _count; i++)
                Run("ip", "netns", "exec", Namespace(i), "tc", "qdisc", "add", "dev", InnerSide(i), "root", "netem", "delay", $"{delayMs}ms", "loss", $"{lossPercent}%");
            reason = null;
            return true;
        }
        catch (InvalidOperationException e)
        {
            reason = e.Message;
            return false;
        }
    }

    private static void Run(params string[] command)
    {
        var result = ProcessRunner.RunAsync(command[0], command[1..], TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"`{string.Join(' ', command)}` failed: {result.StandardError.Trim()}");
    }

    public void Dispose()
    {
        for (var i = 0; i < _namespaces.Count; i++)
        {
            TryRun("ip", "link", "del", HostSide(i)); // deleting one end removes the pair at once
            TryRun("ip", "netns", "del", _namespaces[i]);
        }
        TryRun("ip", "link", "del", Bridge);
    }

    private static void TryRun(params string[] command) =>
        ProcessRunner.RunAsync(command[0], command[1..], TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
}
