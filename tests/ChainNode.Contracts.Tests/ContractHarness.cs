using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Host;
using ChainNode.Contracts.Language;
using ChainNode.Contracts.Vm;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Contracts.Tests;

/// <summary>
/// Contracts run by the ledger's real executor over an in-memory chain: signed deploy and call
/// txs from the test network's members, receipts, and queries against the resulting state.
/// </summary>
internal sealed class ContractHarness : IDisposable
{
    public static readonly TestNetwork Network = new();
    private readonly Dictionary<int, ulong> _nonces = [];
    private uint _index;

    public ContractHarness()
    {
        Chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        State = new ExecutionState(Chain.State);
        Executor = new TransactionExecutor(Runtime);
    }

    public ChainStore Chain { get; }

    public ExecutionState State { get; }

    public ContractRuntime Runtime { get; } = new();

    public TransactionExecutor Executor { get; }

    public BlockContext Block { get; set; } = new(1, 1_700_000_000_000, Network.ValidatorKeys[0].Address, GasPrice: 0);

    public static CompiledContract Example(string name) =>
        Compiler.Compile(File.ReadAllText(Path.Combine(RepoPaths.Root, "contracts", "examples", name + ".ccl")));

    public static Address Member(int index) => Network.MemberKeys[index].Address;

    public SignedTx Sign(int member, Action<TxBody> payload, ulong gas)
    {
        var key = Network.MemberKeys[member];
        var nonce = _nonces.GetValueOrDefault(member);
        _nonces[member] = nonce + 1;
        var body = new TxBody { ChainId = Network.Genesis.ChainId, SenderPublicKey = key.PublicKey.ToByteString(), Nonce = nonce, GasLimit = gas };
        payload(body);
        return TransactionCodec.Sign(body, key);
    }

    public Receipt Apply(SignedTx tx) => Executor.Apply(TransactionCodec.Verify(tx, Network.Genesis.ChainId), Block, _index++, State);

    public (Receipt Receipt, Address Contract) Deploy(int member, CompiledContract contract, IReadOnlyList<(AbiType, Value)>? arguments = null, ulong amount = 0, ulong gas = 5_000_000)
    {
        var receipt = Apply(Sign(member, b => b.Deploy = new ContractDeploy
        {
            Code = ByteString.CopyFrom(contract.Module),
            Input = ByteString.CopyFrom(AbiCodec.Encode(arguments ?? [])),
            Amount = amount,
        }, gas));
        return (receipt, receipt.ContractAddress.Length == Address.Length ? new Address(receipt.ContractAddress.Span) : default);
    }

    public Receipt Call(int member, Address contract, CompiledContract compiled, string function, IReadOnlyList<Value> arguments, ulong amount = 0, ulong gas = 1_000_000) =>
        Apply(Sign(member, b => b.Call = new ContractCall
        {
            Contract = contract.ToByteString(),
            Input = ByteString.CopyFrom(CallData(compiled, function, arguments)),
            Amount = amount,
        }, gas));

    public QueryResult Query(Address contract, CompiledContract compiled, string function, params Value[] arguments) =>
        Runtime.Query(State, Block, contract, Member(0), CallData(compiled, function, arguments));

    public Value QueryValue(Address contract, CompiledContract compiled, string function, params Value[] arguments)
    {
        var result = Query(contract, compiled, function, arguments);
        Assert.IsTrue(result.Success, result.Error);
        return AbiCodec.Decode(result.ReturnData, [compiled.Abi.Find(function)!.OutputType])[0];
    }

    public static byte[] CallData(CompiledContract compiled, string function, IReadOnlyList<Value> arguments)
    {
        var abi = compiled.Abi.Find(function) ?? throw new ArgumentException($"no public function {function}");
        var selector = uint.Parse(abi.Selector, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return AbiCodec.EncodeCall(selector, abi.InputTypes.Zip(arguments).ToList());
    }

    public static Value Addr(Address address) => new(address.ToArray());

    public static Value Int(ulong value) => new(value);

    public void Dispose() => Chain.Dispose();
}
