using System.Globalization;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Node.Configuration;
using ChainNode.Node.Devnet;
using ChainNode.Node.Home;
using ChainNode.Rpc.Api;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Network;

/// <summary>
/// A real network for a test: `chainnode init` in a scratch folder, one `chainnode run`
/// process per validator on loopback, typed API clients, and helpers to sign transfers and
/// compare the nodes' chains. Disposing kills every process and deletes the folder.
/// </summary>
internal sealed class LocalNetwork : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _directory;
    private readonly Dictionary<Address, ulong> _nonces = [];

    private LocalNetwork(TempDirectory directory, NetworkDescription description, Func<int, ValidatorProcess.Command?>? program)
    {
        _directory = directory;
        Description = description;
        Genesis = GenesisLoader.LoadFile(Path.Combine(directory.Path, "genesis.json"));
        var chainnode = new ValidatorProcess.Command("dotnet", [Path.Combine(AppContext.BaseDirectory, "chainnode.dll")]);
        Nodes = description.Nodes.Select((n, i) => new ValidatorProcess(n.Name, Path.Combine(directory.Path, n.Home), program?.Invoke(i) ?? chainnode)).ToArray();
        Clients = description.Nodes.Select(n => new PublicApiClient(new Uri(n.ApiUrl))).ToArray();
        Members = description.Members.Select(m => KeyFile.Read(Path.Combine(directory.Path, m.KeyFile))).ToArray();
    }

    public NetworkDescription Description { get; }

    public GenesisConfig Genesis { get; }

    public ValidatorProcess[] Nodes { get; }

    public PublicApiClient[] Clients { get; }

    public PrivateKey[] Members { get; }

    public string Folder => _directory.Path;

    /// <param name="configure">Changes a validator's config.json before it first starts.</param>
    /// <param name="program">The program a validator runs instead of chainnode (a test harness), or null.</param>
    public static async Task<LocalNetwork> StartAsync(int validators = 4, int members = 4, Action<int, NodeConfig>? configure = null,
        Func<int, ValidatorProcess.Command?>? program = null, Action<string>? prepare = null, Action<string>? afterInit = null, ulong gasPrice = 0)
    {
        var directory = new TempDirectory("chainnode-net");
        var basePort = FreePorts.FindBase(validators);
        var init = await ChainnodeProcess.RunAsync("init", "--validators", $"{validators}", "--members", $"{members}",
            "--out", directory.Path, "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--gas-price", gasPrice.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.AreEqual(0, init.ExitCode, init.StandardError);
        afterInit?.Invoke(directory.Path);
        var network = new LocalNetwork(directory, NetworkDescription.Load(directory.Path), program);
        for (var i = 0; configure is not null && i < validators; i++)
        {
            var home = new NodeHome(network.Nodes[i].Home);
            var config = NodeConfigFile.Load(home.ConfigFile);
            configure(i, config);
            NodeConfigFile.Save(home.ConfigFile, config);
            if (config.Tls.PublicApi)
                network.UseTlsClient(i, home.Resolve(config.Tls.CertificateFile));
        }
        foreach (var node in network.Nodes)
            prepare?.Invoke(node.Home);
        try
        {
            foreach (var node in network.Nodes)
                node.Start();
            for (var i = 0; i < validators; i++)
                await network.WaitForHeightAsync(i, 1);
            return network;
        }
        catch
        {
            Console.WriteLine(network.Logs());
            await network.DisposeAsync();
            throw;
        }
    }

    public Task<GetStatusResponse> StatusAsync(int node) => Clients[node].GetStatusAsync();

    /// <summary>Validator <paramref name="node"/> serves its API over TLS: its client goes to https://, pinned to the certificate in its home as the wallet pins it.</summary>
    private void UseTlsClient(int node, string certificateFile)
    {
        var url = new Uri(Description.Nodes[node].ApiUrl.Replace("http://", "https://", StringComparison.Ordinal));
        var pin = Node.Tls.TlsIdentity.HashOf(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(certificateFile));
        Clients[node].Dispose();
        Clients[node] = new PublicApiClient(url, tls: Wallet.Cli.NodeTrust.For(url, caFile: null, pinSha256: pin.ToString()).ClientOptions(url));
    }

    public Task<GetStatusResponse> WaitForHeightAsync(int node, ulong height, TimeSpan? timeout = null) =>
        Eventually.Async(() => StatusAsync(node)!, s => s is not null && s.Height >= height, timeout ?? Patience, $"validator {node} to reach height {height}");

    /// <summary>A transfer from member <paramref name="from"/>, using and advancing the test's own nonce count.</summary>
    public SignedTx Transfer(int from, Address to, ulong amount, string? chainId = null, ulong? nonce = null, ulong gasLimit = 21_000)
    {
        var key = Members[from];
        ulong next;
        lock (_nonces) // senders run concurrently in the soak
        {
            next = nonce ?? _nonces.GetValueOrDefault(key.Address);
            if (nonce is null)
                _nonces[key.Address] = next + 1;
        }
        return Sign(key, new TxBody
        {
            ChainId = chainId ?? Genesis.ChainId,
            SenderPublicKey = key.PublicKey.ToByteString(),
            Nonce = next,
            GasLimit = gasLimit,
            Transfer = new Transfer { To = to.ToByteString(), Amount = amount },
        });
    }

    /// <summary>Submits <paramref name="count"/> transfers from one member through one node and waits until every witness reports them committed.</summary>
    public async Task<List<SignedTx>> SubmitAndAwaitAsync(int entry, int from, int count, IReadOnlyList<int> witnesses)
    {
        var txs = Enumerable.Range(0, count).Select(_ => Transfer(from, Members[(from + 1) % Members.Length].Address, 1)).ToList();
        foreach (var tx in txs)
            await Clients[entry].SubmitTxAsync(tx);
        var last = TransactionCodec.HashOf(txs[^1]).ToArray();
        foreach (var witness in witnesses)
        {
            await Eventually.Async(async () => (await Clients[witness].GetTxAsync(last)).Status == TxStatus.Committed,
                Patience, $"validator {witness} to commit transfer {count} from member {from}");
        }
        return txs;
    }

    public static SignedTx Sign(PrivateKey key, TxBody body) => TransactionCodec.Sign(body, key);

    /// <summary>Submits one tx through <paramref name="api"/> and returns it once committed (with a success or failed receipt).</summary>
    public static async Task<GetTxResponse> CommitAsync(PublicApiClient api, SignedTx tx)
    {
        await api.SubmitTxAsync(tx);
        var hash = TransactionCodec.HashOf(tx).ToArray();
        return await Eventually.Async<GetTxResponse>(async () => await api.GetTxAsync(hash), r => r?.Status is TxStatus.Committed or TxStatus.Failed,
            Patience, "the tx to commit");
    }

    /// <summary>Every node in <paramref name="nodes"/> holds the same block hash and state root at heights 1..<paramref name="height"/>.</summary>
    public async Task AssertIdenticalChainsAsync(IReadOnlyList<int> nodes, ulong height)
    {
        foreach (var node in nodes)
            await WaitForHeightAsync(node, height);
        for (ulong h = 1; h <= height; h++)
        {
            var reference = await Clients[nodes[0]].GetBlockAsync(h);
            foreach (var node in nodes.Skip(1))
            {
                var other = await Clients[node].GetBlockAsync(h);
                Assert.AreEqual(reference.BlockHash, other.BlockHash, $"validators {nodes[0]} and {node} differ at height {h}");
                Assert.AreEqual(reference.Header.StateRoot, other.Header.StateRoot, $"state roots differ at height {h}");
            }
        }
    }

    /// <summary>Stops every node gracefully and runs `chainnode verify-ledger` on each store.</summary>
    public async Task StopAndVerifyLedgersAsync()
    {
        await Task.WhenAll(Nodes.Select(n => n.StopAsync()));
        foreach (var node in Nodes)
        {
            var verify = await ChainnodeProcess.RunAsync("verify-ledger", "--home", node.Home, "--json");
            Assert.AreEqual(0, verify.ExitCode, $"verify-ledger failed on {node.Home}: {verify.StandardOutput}{verify.StandardError}");
        }
    }

    public async Task<ulong> MinHeightAsync(IEnumerable<int> nodes)
    {
        var heights = await Task.WhenAll(nodes.Select(async n => (await StatusAsync(n)).Height));
        return heights.Min();
    }

    public string Logs() => string.Join("\n", Nodes.Select((n, i) => $"---- validator {i} log (tail) ----\n{LogTail(n.LogFile)}"));

    private static string LogTail(string file, int lines = 40)
    {
        if (!File.Exists(file))
            return "(no log)";
        var all = File.ReadAllLines(file);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients)
            client.Dispose();
        await Task.WhenAll(Nodes.Select(n => n.KillAsync()));
        foreach (var node in Nodes)
            node.Dispose();
        _directory.Dispose();
    }
}
