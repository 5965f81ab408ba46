using System.Globalization;
using System.Text.Json;
using ChainNode.Integration.Tests.Network;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Node.Devnet;
using ChainNode.Rpc.Api;
using ChainNode.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace ChainNode.Integration.Tests.Governance;

/// <summary>Validator-set changes on a running network of real processes, under a steady load of transfers.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class ValidatorSetGovernanceTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.LongNetwork)]
    public async Task Under_load_a_fifth_validator_joins_the_primary_is_removed_a_key_is_replaced_and_a_wiped_node_syncs_across_the_changes()
    {
        await using var net = await LocalNetwork.StartAsync();
        using var joinHome = new TempDirectory("chainnode-join");
        var joinPort = FreePorts.FindBase(1);
        var join = await ChainnodeProcess.RunAsync("join", "--genesis", Path.Combine(net.Folder, "genesis.json"), "--out", joinHome.Path,
            "--host", "127.0.0.1", "--base-port", joinPort.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.AreEqual(0, join.ExitCode, join.StandardError);
        using var joined = JsonDocument.Parse(join.StandardOutput);
        string Field(string name) => joined.RootElement.GetProperty(name).GetString()!;
        using var fifth = new ValidatorProcess("validator-4", joinHome.Path);
        fifth.Start();
        using var fifthClient = new PublicApiClient(new Uri($"http://127.0.0.1:{joinPort + 100}"));

        using var stopLoad = new CancellationTokenSource();
        var load = SteadyTransfersAsync(net, stopLoad.Token);
        try
        {
            var api = net.Clients[1];
            var txs = new GovernanceTxFactory(net.Genesis.ChainId);
            var admin = net.Members[0];
            var add = await ExecutedAsync(api, txs.Propose(admin, new GovernanceAction
            {
                ValidatorAdd = new ValidatorAdd
                {
                    Name = "validator-4",
                    PublicKey = ByteString.CopyFrom(Convert.FromHexString(Field("publicKey"))),
                    NetworkAddress = Field("peerAddress"),
                    ProofOfPossession = ByteString.CopyFrom(Convert.FromHexString(Field("proofOfPossession"))),
                },
            }));
            var switchToFive = add.TakesEffectHeight;
            Assert.AreEqual(add.ExecutedHeight + 2, switchToFive);

            // The fifth caught up from genesis across the change and its signature is in certificates after the switch.
            await Eventually.Async(async () => await SignedByIndexAsync(api, switchToFive, 4), signed => signed, LocalNetwork.Patience,
                "a certificate after the switch to carry validator-4's signature");
            await Eventually.Async(async () => (await fifthClient.GetStatusAsync()).Height, h => h >= switchToFive + 2, LocalNetwork.Patience, "validator-4 to keep up");
            var five = await api.GetValidatorsAsync(switchToFive);
            CollectionAssert.AreEqual(new[] { "validator-0", "validator-1", "validator-2", "validator-3", "validator-4" }, five.Epoch.Validators.Select(v => v.Name).ToArray());

            // A new epoch starts in view 0, whose primary is validator-0: remove it.
            var remove = await ExecutedAsync(api, txs.Propose(admin, new GovernanceAction { ValidatorRemove = "validator-0" }));
            var switchToFour = remove.TakesEffectHeight;
            await Eventually.Async(async () => (await api.GetStatusAsync()).Height, h => h >= switchToFour + 5, LocalNetwork.Patience, "the chain to go on with four");
            var four = await api.GetValidatorsAsync(switchToFour + 5);
            Assert.AreEqual(switchToFour, four.Epoch.StartHeight);
            CollectionAssert.AreEqual(new[] { "validator-1", "validator-2", "validator-3", "validator-4" }, four.Epoch.Validators.Select(v => v.Name).ToArray());
            var block = (await api.GetBlockAsync(switchToFour + 3)).Block;
            Assert.IsTrue(block.Certificate.Signatures.All(s => s.ValidatorIndex < 4), "signed by the four-validator set");

            // Validator-1 (index 0 of the four) gets a new key: until it restarts with it, its old key
            // no longer counts; once it does, its signatures are in certificates again.
            using var newKeyHome = new TempDirectory("chainnode-newkey");
            var keygen = await ChainnodeProcess.RunAsync("keygen", "--out", newKeyHome.Combine("home"), "--json");
            Assert.AreEqual(0, keygen.ExitCode, keygen.StandardError);
            using var newKey = JsonDocument.Parse(keygen.StandardOutput);
            var replace = await ExecutedAsync(api, txs.Propose(admin, new GovernanceAction
            {
                ValidatorReplaceKey = new ValidatorKeyReplace
                {
                    Name = "validator-1",
                    PublicKey = ByteString.CopyFrom(Convert.FromHexString(newKey.RootElement.GetProperty("publicKey").GetString()!)),
                    ProofOfPossession = ByteString.CopyFrom(Convert.FromHexString(newKey.RootElement.GetProperty("proofOfPossession").GetString()!)),
                },
            }));
            var switchKey = replace.TakesEffectHeight;
            var observer = net.Clients[2];
            await Eventually.Async(async () => (await observer.GetStatusAsync()).Height, h => h >= switchKey + 3, LocalNetwork.Patience, "the chain to go on while validator-1 has the old key");
            for (var h = switchKey; h <= switchKey + 3; h++)
                Assert.IsFalse((await observer.GetBlockAsync(h)).Block.Certificate.Signatures.Any(s => s.ValidatorIndex == 0), $"the old key signs nothing after the switch (height {h})");
            await net.Nodes[1].StopAsync();
            File.Copy(newKeyHome.Combine("home", "validator.key"), Path.Combine(net.Nodes[1].Home, "validator.key"), overwrite: true);
            net.Nodes[1].Start();
            var restartedAt = (await observer.GetStatusAsync()).Height;
            await Eventually.Async(async () => await SignedByIndexAsync(observer, restartedAt, 0), signed => signed, LocalNetwork.Patience,
                "validator-1's new key to sign certificates");

            // A node whose data directory is wiped syncs from genesis across the three set changes.
            await net.Nodes[3].StopAsync();
            Directory.Delete(Path.Combine(net.Nodes[3].Home, "data"), recursive: true);
            net.Nodes[3].Start();
            var target = (await observer.GetStatusAsync()).Height;
            await net.WaitForHeightAsync(3, target);

            stopLoad.Cancel();
            await load;
            var head = await net.MinHeightAsync([1, 2, 3]);
            await net.AssertIdenticalChainsAsync([0, 1, 2, 3], head);
            await Eventually.Async(async () => (await fifthClient.GetStatusAsync()).Height, h => h >= head, LocalNetwork.Patience, "validator-4 at the head");
            for (ulong h = 1; h <= head; h++)
                Assert.AreEqual((await api.GetBlockAsync(h)).BlockHash, (await fifthClient.GetBlockAsync(h)).BlockHash, $"validator-4 differs at height {h}");
            await net.StopAndVerifyLedgersAsync();
            await fifth.StopAsync();
            var verifyFifth = await ChainnodeProcess.RunAsync("verify-ledger", "--home", joinHome.Path, "--json");
            Assert.AreEqual(0, verifyFifth.ExitCode, verifyFifth.StandardOutput + verifyFifth.StandardError);
        }
        catch
        {
            Console.WriteLine(net.Logs());
            Console.WriteLine(File.Exists(fifth.LogFile) ? File.ReadAllText(fifth.LogFile)[^Math.Min(6000, (int)new FileInfo(fifth.LogFile).Length)..] : "");
            throw;
        }
        finally
        {
            stopLoad.Cancel();
            await fifth.StopAsync();
        }
    }

    private static async Task<bool> SignedByIndexAsync(PublicApiClient api, ulong from, uint index)
    {
        var head = (await api.GetStatusAsync()).Height;
        for (var height = from; height <= head; height++)
        {
            if ((await api.GetBlockAsync(height)).Block.Certificate.Signatures.Any(s => s.ValidatorIndex == index))
                return true;
        }
        return false;
    }

    // A member's transfers, one every few tens of milliseconds, until cancelled: the switch happens under load.
    private static async Task SteadyTransfersAsync(LocalNetwork net, CancellationToken stop)
    {
        var to = net.Members[3].Address;
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(25)); // 40 transfers a second
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await pace.WaitForNextTickAsync(stop);
                await net.Clients[2].SubmitTxAsync(net.Transfer(2, to, 1), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (RpcException)
            {
                // a full mempool at a switch is load, not a failure of this test
            }
        }
    }

    private static async Task<Proposal> ExecutedAsync(PublicApiClient api, SignedTx tx)
    {
        var committed = await LocalNetwork.CommitAsync(api, tx);
        var hash = TransactionCodec.HashOf(tx);
        Assert.AreEqual(ReceiptStatus.Success, committed.Receipt.Status, committed.Receipt.Error);
        var proposal = (await api.GetProposalAsync(hash.ToArray())).Proposal;
        Assert.AreEqual(ProposalStatus.Executed, proposal.Status, proposal.Error);
        return proposal;
    }
}
