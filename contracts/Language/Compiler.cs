using System.Security.Cryptography;
using System.Text;
using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Vm;

namespace ChainNode.Contracts.Language;

/// <summary>
/// Compiles contract source to a module and its ABI, checking types as it goes. Storage keys:
/// a scalar is stored under its name; a map entry under name || 0x00 || each key encoded (u256
/// and bool as 32 bytes, an address as its 20 bytes, bytes as their SHA-256).
/// </summary>
public sealed partial class Compiler
{
    private readonly ContractNode _contract;
    private readonly Dictionary<string, StorageNode> _storage = [];
    private readonly Dictionary<string, EventNode> _events = [];
    private readonly Dictionary<string, (int Index, FunctionNode Node)> _functions = [];
    private readonly CodeBuffer _code = new();
    private FunctionNode _function = null!;
    private Dictionary<string, (int Slot, AbiType Type)> _locals = [];
    private int _localCount;

    private Compiler(ContractNode contract) => _contract = contract;

    public static CompiledContract Compile(string source)
    {
        var contract = Parser.Parse(source);
        return new Compiler(contract).Build();
    }

    private static readonly HashSet<string> BuiltinNames = ["caller", "self", "value", "zero_address", "height", "timestamp"];
    private static readonly HashSet<string> BuiltinFunctions = ["balance", "is_member", "sha256", "len", "slice", "concat", "to_u256", "to_bytes", "call"];

    private CompiledContract Build()
    {
        foreach (var storage in _contract.Storage)
            Declare(_storage, storage.Name, storage, storage.At);
        foreach (var ev in _contract.Events)
            Declare(_events, ev.Name, ev, ev.At);
        for (var i = 0; i < _contract.Functions.Count; i++)
        {
            var function = _contract.Functions[i];
            if (BuiltinFunctions.Contains(function.Name))
                throw new CompileException(function.At, $"'{function.Name}' is a built-in name");
            if (function.IsConstructor && _functions.ContainsKey("init"))
                throw new CompileException(function.At, "a contract has at most one init");
            Declare(_functions, function.Name, (i, function), function.At);
        }
        if (_contract.Functions.Count > 255)
            throw new CompileException(_contract.At, "a contract has at most 255 functions");

        var infos = new List<FunctionInfo>();
        foreach (var function in _contract.Functions)
            infos.Add(CompileFunction(function));
        var code = _code.ToArray();
        var module = Vm.Module.Encode(infos, code);
        var limits = VmLimits.Default;
        if (module.Length > limits.MaxCodeBytes)
            throw new CompileException(_contract.At, $"the compiled contract is {module.Length} bytes; the limit is {limits.MaxCodeBytes}");
        ModuleVerifier.Verify(Vm.Module.Parse(module, limits), limits); // our own output must pass the deploy checks
        return new CompiledContract(_contract.Name, module, BuildAbi());
    }

    private FunctionInfo CompileFunction(FunctionNode function)
    {
        _function = function;
        _locals = [];
        _localCount = 0;
        foreach (var parameter in function.Parameters)
            DeclareLocal(parameter.At, parameter.Name, parameter.Type);
        var entry = _code.Position;
        foreach (var statement in function.Body)
            Statement(statement);
        if (function.Returns == AbiType.None)
        {
            _code.Emit(Opcode.Return);
        }
        else
        {
            _code.PushBytes(Encoding.UTF8.GetBytes($"{function.Name} ended without returning a value"));
            _code.Emit(Opcode.Revert);
        }
        var modifiers = (function.IsPublic ? FunctionModifiers.Public : 0) | (function.IsConstructor ? FunctionModifiers.Constructor : 0)
            | (function.IsView ? FunctionModifiers.View : 0) | (function.IsPayable ? FunctionModifiers.Payable : 0);
        return new FunctionInfo(0, SelectorOf(function), modifiers, function.Parameters.Select(p => p.Type).ToList(), function.Returns, _localCount, entry);
    }

    private static uint SelectorOf(FunctionNode function) =>
        AbiCodec.Selector(AbiCodec.Signature(function.Name, function.Parameters.Select(p => p.Type)));

    private int DeclareLocal(Token at, string name, AbiType type)
    {
        if (_locals.ContainsKey(name))
            throw new CompileException(at, $"'{name}' is already declared in this function");
        if (_storage.ContainsKey(name) || BuiltinNames.Contains(name))
            throw new CompileException(at, $"'{name}' would hide a storage variable or built-in of the same name");
        if (_localCount == 255)
            throw new CompileException(at, "a function has at most 255 local variables");
        _locals[name] = (_localCount, type);
        return _localCount++;
    }

    private static void Declare<T>(Dictionary<string, T> table, string name, T value, Token at)
    {
        if (!table.TryAdd(name, value))
            throw new CompileException(at, $"'{name}' is declared twice");
    }

    private static byte[] EventTopic(EventNode ev) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(AbiCodec.Signature(ev.Name, ev.Parameters.Select(p => p.Type))));

    private ContractAbi BuildAbi()
    {
        var functions = _contract.Functions.Select(f => new AbiFunction(
            f.Name,
            AbiCodec.Signature(f.Name, f.Parameters.Select(p => p.Type)),
            SelectorOf(f).ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
            f.Parameters.Select(p => new AbiParameter(p.Name, AbiTypeNames.Name(p.Type))).ToList(),
            f.Returns == AbiType.None ? null : AbiTypeNames.Name(f.Returns),
            f.IsPublic, f.IsView, f.IsPayable, f.IsConstructor)).ToList();
        var events = _contract.Events.Select(e => new AbiEvent(
            e.Name,
            AbiCodec.Signature(e.Name, e.Parameters.Select(p => p.Type)),
            Convert.ToHexStringLower(EventTopic(e)),
            e.Parameters.Select(p => new AbiParameter(p.Name, AbiTypeNames.Name(p.Type))).ToList())).ToList();
        return new ContractAbi(_contract.Name, functions, events);
    }
}
