using System.Globalization;
using System.Text.Json;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Node.Devnet;
using ChainNode.Node.Tests.Network;
using ChainNode.Rpc.Api;
using ChainNode.Rpc.Transport;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Node.Tests.Governance;

/// <summary>Validator-set changes on a running network of real processes, under a steady load of transfers.</summary>
[TestClass]
public sealed class ValidatorSetGovernanceTests
{
    [TestMethod]
    public async Task A_fifth_validator_joins_and_signs_then_the_primary_is_removed_and_the_chain_goes_on_with_four()
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

            stopLoad.Cancel();
            await load;
            var head = await net.MinHeightAsync([1, 2, 3]);
            await net.AssertIdenticalChainsAsync([0, 1, 2, 3], head);
            await Eventually.Async(async () => (await fifthClient.GetStatusAsync()).Height, h => h >= head, LocalNetwork.Patience, "validator-4 at the head");
            Assert.AreEqual(ByteString.CopyFrom((await api.GetBlockAsync(head)).Block.Block.Header.ToByteArray()),
                ByteString.CopyFrom((await fifthClient.GetBlockAsync(head)).Block.Block.Header.ToByteArray()));
            await net.StopAndVerifyLedgersAsync();
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
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await net.Clients[2].SubmitTxAsync(net.Transfer(2, to, 1), stop);
                await Task.Delay(25, stop); // pacing the load, not waiting for anything
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
        await api.SubmitTxAsync(tx);
        var hash = TransactionCodec.HashOf(tx);
        var committed = await Eventually.Async<GetTxResponse>(async () => await api.GetTxAsync(hash.ToArray()), r => r?.Status is TxStatus.Committed or TxStatus.Failed,
            LocalNetwork.Patience, "the proposal to commit");
        Assert.AreEqual(ReceiptStatus.Success, committed.Receipt.Status, committed.Receipt.Error);
        var proposal = (await api.GetProposalAsync(hash.ToArray())).Proposal;
        Assert.AreEqual(ProposalStatus.Executed, proposal.Status, proposal.Error);
        return proposal;
    }
}
