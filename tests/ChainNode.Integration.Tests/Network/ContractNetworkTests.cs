using System.Numerics;
using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Language;
using ChainNode.Contracts.Vm;
using ChainNode.Ledger.Contracts;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Integration.Tests.Network;

/// <summary>The example token through a real 4-validator network: deploy, call, query, revert, out of gas.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class ContractNetworkTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task The_token_example_deploys_transfers_reverts_and_runs_out_of_gas_identically_on_every_node()
    {
        await using var net = await LocalNetwork.StartAsync();
        try
        {
            var token = Compiler.Compile(File.ReadAllText(Path.Combine(RepoPaths.Root, "contracts", "examples", "token.ccl")));
            var deployer = net.Members[0];
            var deploy = Sign(net, 0, 0, 5_000_000, b => b.Deploy = new ContractDeploy
            {
                Code = ByteString.CopyFrom(token.Module),
                Input = ByteString.CopyFrom(AbiCodec.Encode([(AbiType.U256, new Value(1_000))])),
            });
            var deployed = await CommitAsync(net, deploy);
            Assert.AreEqual(TxStatus.Committed, deployed.Status, deployed.Receipt.Error);
            var contract = new Address(deployed.Receipt.ContractAddress.Span);
            Assert.AreEqual(ContractKeys.ContractAddress(deployer.Address, 0), contract);
            Assert.AreEqual(Hash32.Compute(token.Module).ToByteString(), (await net.Clients[2].GetAccountAsync(contract.ToArray())).CodeHash);

            var recipient = net.Members[1].Address;
            var transfer = await CommitAsync(net, Call(net, token, contract, 0, 1, 200_000, "transfer", new Value(recipient.ToArray()), new Value(250)));
            Assert.AreEqual(TxStatus.Committed, transfer.Status, transfer.Receipt.Error);
            Assert.AreEqual(1, transfer.Receipt.Events.Count);

            foreach (var client in net.Clients)
                Assert.AreEqual(new BigInteger(250), await BalanceOfAsync(client, token, contract, recipient));

            var reverted = await CommitAsync(net, Call(net, token, contract, 1, 0, 200_000, "transfer", new Value(deployer.Address.ToArray()), new Value(251)));
            Assert.AreEqual(TxStatus.Failed, reverted.Status);
            Assert.AreEqual("reverted: insufficient token balance", reverted.Receipt.Error);

            var starved = await CommitAsync(net, Call(net, token, contract, 0, 2, 21_300, "transfer", new Value(recipient.ToArray()), new Value(1)));
            Assert.AreEqual(TxStatus.Failed, starved.Status);
            StringAssert.StartsWith(starved.Receipt.Error, "out of gas");
            Assert.AreEqual(21_300UL, starved.Receipt.GasUsed);
            Assert.AreEqual(new BigInteger(250), await BalanceOfAsync(net.Clients[3], token, contract, recipient));

            var height = await net.MinHeightAsync([0, 1, 2, 3]);
            await net.AssertIdenticalChainsAsync([0, 1, 2, 3], height);
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    private static SignedTx Sign(LocalNetwork net, int member, ulong nonce, ulong gas, Action<TxBody> payload)
    {
        var key = net.Members[member];
        var body = new TxBody { ChainId = net.Genesis.ChainId, SenderPublicKey = key.PublicKey.ToByteString(), Nonce = nonce, GasLimit = gas };
        payload(body);
        return TransactionCodec.Sign(body, key);
    }

    private static SignedTx Call(LocalNetwork net, CompiledContract compiled, Address contract, int member, ulong nonce, ulong gas, string function, params Value[] arguments)
    {
        var abi = compiled.Abi.Find(function)!;
        var input = AbiCodec.EncodeCall(Convert.ToUInt32(abi.Selector, 16), abi.InputTypes.Zip(arguments).ToList());
        return Sign(net, member, nonce, gas, b => b.Call = new ContractCall { Contract = contract.ToByteString(), Input = ByteString.CopyFrom(input) });
    }

    private static async Task<GetTxResponse> CommitAsync(LocalNetwork net, SignedTx tx)
    {
        await net.Clients[0].SubmitTxAsync(tx);
        var hash = TransactionCodec.HashOf(tx).ToArray();
        // Every node must have applied the tx: the test then queries state on any of them.
        GetTxResponse? settled = null;
        foreach (var client in net.Clients)
            settled = await Eventually.Async(() => client.GetTxAsync(hash)!, r => r is { Status: TxStatus.Committed or TxStatus.Failed },
                LocalNetwork.Patience, "the contract tx to commit on every node");
        return settled!;
    }

    private static async Task<BigInteger> BalanceOfAsync(PublicApiClient client, CompiledContract compiled, Address contract, Address holder)
    {
        var abi = compiled.Abi.Find("balanceOf")!;
        var result = await client.QueryContractAsync(new QueryContractRequest
        {
            Contract = contract.ToByteString(),
            Input = ByteString.CopyFrom(AbiCodec.EncodeCall(Convert.ToUInt32(abi.Selector, 16), [(AbiType.Address, new Value(holder.ToArray()))])),
        });
        Assert.IsTrue(result.Success, result.Error);
        return AbiCodec.Decode(result.ReturnData.Span, [AbiType.U256])[0].AsInt("balance");
    }
}
