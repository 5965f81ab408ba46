using System.Globalization;
using System.Text.Json;
using ChainNode.Integration.Tests.Faults;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Node.Devnet;
using ChainNode.Rpc.Api;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Governance;

/// <summary>
/// The genesis ceremony as four organisations would run it: each makes its key in its own folder
/// on its own host (a network namespace), only public parts reach the coordinator, and the
/// network they start commits transactions.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Netns")]
public sealed class NamespaceCeremonyTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task Four_organisations_start_a_network_from_keys_no_other_party_ever_held()
    {
        using var namespaces = NetworkNamespaces.TryCreate(4, out var reason);
        if (namespaces is null)
            Assert.Inconclusive($"network namespaces cannot be created here (they need root and the ip tool): {reason}");
        using var folders = new TempDirectory("chainnode-ceremony");
        const int BasePort = 26600;
        var validators = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var keygen = await ChainnodeProcess.RunAsync("keygen", "--out", folders.Combine($"org-{i}"), "--host", namespaces!.Address(i),
                "--base-port", BasePort.ToString(CultureInfo.InvariantCulture), "--json");
            Assert.AreEqual(0, keygen.ExitCode, keygen.StandardError);
            using var made = JsonDocument.Parse(keygen.StandardOutput);
            string Field(string name) => made.RootElement.GetProperty(name).GetString()!;
            validators.Add($"org-{i},{Field("publicKey")},{Field("peerAddress")},{Field("proofOfPossession")}");
        }
        var admin = PrivateKey.Generate();
        var friend = PrivateKey.Generate();
        var genesisPath = folders.Combine("genesis.json");
        var assembled = await ChainnodeProcess.RunAsync(["genesis", "new", "--chain-id", "ceremony",
            .. validators.SelectMany(v => new[] { "--validator", v }),
            "--member", $"{admin.Address},1000000", "--member", $"{friend.Address},0", "--admin", admin.Address.ToString(), "--out", genesisPath]);
        Assert.AreEqual(0, assembled.ExitCode, assembled.StandardError);

        var nodes = Enumerable.Range(0, 4).Select(i =>
        {
            File.Copy(genesisPath, folders.Combine($"org-{i}", "genesis.json")); // what `run --genesis` installs on first run
            return new ValidatorProcess($"org-{i}", folders.Combine($"org-{i}"), namespaces!.Program(i));
        }).ToList();
        try
        {
            foreach (var node in nodes)
                node.Start();
            var clients = Enumerable.Range(0, 4).Select(i => new PublicApiClient(new Uri($"http://{namespaces!.Address(i)}:{BasePort + 100}"))).ToList();
            var tx = TransactionCodec.Sign(new TxBody
            {
                ChainId = "ceremony",
                SenderPublicKey = admin.PublicKey.ToByteString(),
                Nonce = 0,
                GasLimit = 21_000,
                Transfer = new Transfer { To = friend.Address.ToByteString(), Amount = 1_000 },
            }, admin);
            await Eventually.Async(async () =>
            {
                try
                {
                    await clients[0].SubmitTxAsync(tx);
                    return true;
                }
                catch (Grpc.Core.RpcException)
                {
                    return false; // not listening yet
                }
            }, ok => ok, TimeSpan.FromSeconds(60), "org-0 to accept the transfer");
            foreach (var client in clients)
            {
                await Eventually.Async(async () => (await client.GetAccountAsync(friend.Address.ToArray())).Balance, b => b == 1_000, TimeSpan.FromSeconds(60),
                    "every organisation to commit the transfer");
            }
        }
        catch
        {
            foreach (var node in nodes)
                Console.WriteLine($"---- {node.Name} ----\n{(File.Exists(node.LogFile) ? File.ReadAllText(node.LogFile) : "")}");
            throw;
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.StopAsync()));
        }
    }
}
