using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Host;
using ChainNode.Contracts.Language;
using ChainNode.Contracts.Vm;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Bench;

/// <summary>
/// The contract VM alone (instructions/s in an arithmetic loop), and token transfers through
/// the example token set against native transfers, both through the ledger's tx executor with
/// signatures checked before timing (as the mempool does).
/// </summary>
internal static class ContractBenchmark
{
    private const int TxsPerRun = 2000;

    public static void Run()
    {
        var network = new TestNetwork(validators: 4, members: 4);
        using var chain = ChainStore.Open(new MemoryKeyValueStore(), network.Genesis, initializeIfEmpty: true);
        var block = new BlockContext(1, 1_700_000_000_000, network.ValidatorKeys[0].Address, 0);
        var runtime = new ContractRuntime();
        var executor = new TransactionExecutor(runtime);

        var loop = Compiler.Compile("contract Spin { pub fn spin(n: u256) -> u256 { let s: u256 = 0; for i in 0..n { s = s + i; } return s; } }");
        var spinModule = Module.Parse(loop.Module, VmLimits.Default);
        var spinInput = AbiCodec.EncodeCall(Convert.ToUInt32(loop.Abi.Find("spin")!.Selector, 16), [(AbiType.U256, new Value(100_000))]);
        Measurement.MedianRate("contract VM instructions (arithmetic loop)", 5, () =>
        {
            var machine = new Machine(new ChainContractHost(new ExecutionState(chain.State), block, new ModuleCache(VmLimits.Default)), VmLimits.Default, 100_000_000);
            machine.Call(spinModule, new Machine.CallContext(new byte[20], new byte[20], 0, 0), spinInput);
            return machine.Instructions;
        });

        var sender = network.MemberKeys[0];
        var baseState = new ExecutionState(chain.State);
        var token = Compiler.Compile(File.ReadAllText(Path.Combine(RepoPaths.Root, "contracts", "examples", "token.ccl")));
        var deploy = Verified(network, sender, 0, 5_000_000, b => b.Deploy = new ContractDeploy
        {
            Code = ByteString.CopyFrom(token.Module),
            Input = ByteString.CopyFrom(AbiCodec.Encode([(AbiType.U256, new Value(1_000_000_000))])),
        });
        var contract = executor.Apply(deploy, block, 0, baseState).ContractAddress;
        var selector = Convert.ToUInt32(token.Abi.Find("transfer")!.Selector, 16);
        var recipient = new Value(network.MemberKeys[1].Address.ToArray());
        var tokenTxs = Enumerable.Range(1, TxsPerRun).Select(n => Verified(network, sender, (ulong)n, 200_000, b => b.Call = new ContractCall
        {
            Contract = contract,
            Input = ByteString.CopyFrom(AbiCodec.EncodeCall(selector, [(AbiType.Address, recipient), (AbiType.U256, new Value(1))])),
        })).ToList();
        var nativeTxs = Enumerable.Range(1, TxsPerRun).Select(n => Verified(network, sender, (ulong)n, GasSchedule.Transfer,
            b => b.Transfer = new Transfer { To = network.MemberKeys[1].Address.ToByteString(), Amount = 1 })).ToList();

        var native = Measurement.MedianRate("native transfers through the executor", 5, () => ApplyAll(executor, block, baseState, nativeTxs));
        var tokens = Measurement.MedianRate("token contract transfers through the executor", 5, () => ApplyAll(executor, block, baseState, tokenTxs));
        Console.WriteLine($"{"  = token transfer cost vs native",-52} {native / tokens,12:F1} x");
    }

    private static long ApplyAll(TransactionExecutor executor, BlockContext block, ExecutionState baseState, List<VerifiedTransaction> txs)
    {
        var state = new ExecutionState(baseState);
        for (var i = 0; i < txs.Count; i++)
        {
            if (executor.Apply(txs[i], block, (uint)i, state).Status != ReceiptStatus.Success)
                throw new InvalidOperationException("a benchmark tx failed");
        }
        return txs.Count;
    }

    private static VerifiedTransaction Verified(TestNetwork network, Ledger.Crypto.PrivateKey key, ulong nonce, ulong gas, Action<TxBody> payload)
    {
        var body = new TxBody { ChainId = network.Genesis.ChainId, SenderPublicKey = key.PublicKey.ToByteString(), Nonce = nonce, GasLimit = gas };
        payload(body);
        return TransactionCodec.Verify(TransactionCodec.Sign(body, key), network.Genesis.ChainId);
    }
}
