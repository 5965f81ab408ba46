using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Vm;

namespace ChainNode.Contracts.Language;

// Expressions: each pushes exactly one value (or none, for a call to a function without a
// result) and returns its type.
public sealed partial class Compiler
{
    private void Expect(ExpressionNode expression, AbiType type, string what)
    {
        var actual = Expression(expression);
        if (actual != type)
            throw new CompileException(expression.At, $"{what} must be {AbiTypeNames.Name(type)}, but this is {AbiTypeNames.Name(actual)}");
    }

    private AbiType Expression(ExpressionNode expression)
    {
        switch (expression)
        {
            case IntegerLiteral literal:
                if (literal.Value > Value.MaxInt)
                    throw new CompileException(literal.At, "integer literal does not fit in u256");
                _code.PushInt(literal.Value);
                return AbiType.U256;
            case BoolLiteral literal:
                _code.PushInt(literal.Value ? 1 : 0);
                return AbiType.Bool;
            case BytesLiteral literal:
                _code.PushBytes(literal.Value);
                return AbiType.Bytes;
            case NameExpression name:
                return Name(name);
            case IndexExpression index:
                if (!_storage.TryGetValue(index.Map, out var map) || !map.IsMap)
                    throw new CompileException(index.At, $"'{index.Map}' is not a storage map");
                StorageKey(map, index.Keys, index.At);
                return LoadStorage(map.ValueType);
            case UnaryExpression unary:
                Expect(unary.Operand, AbiType.Bool, "the operand of '!'");
                _code.Emit(Opcode.Not);
                return AbiType.Bool;
            case BinaryExpression binary:
                return Binary(binary);
            case CallExpression call:
                return Call(call);
            default:
                throw new CompileException(expression.At, "unsupported expression");
        }
    }

    private AbiType Name(NameExpression name)
    {
        if (_locals.TryGetValue(name.Name, out var local))
        {
            _code.Emit(Opcode.LoadLocal, (byte)local.Slot);
            return local.Type;
        }
        if (_storage.TryGetValue(name.Name, out var storage))
        {
            if (storage.IsMap)
                throw new CompileException(name.At, $"'{name.Name}' is a map: index it, as {name.Name}[key]");
            _code.PushBytes(System.Text.Encoding.UTF8.GetBytes(storage.Name));
            return LoadStorage(storage.ValueType);
        }
        if (name.Name == "zero_address")
        {
            _code.PushBytes(new byte[20]);
            return AbiType.Address;
        }
        (Opcode op, AbiType type) = name.Name switch
        {
            "caller" => (Opcode.Caller, AbiType.Address),
            "self" => (Opcode.Self, AbiType.Address),
            "value" => (Opcode.CallValue, AbiType.U256),
            "height" => (Opcode.Height, AbiType.U256),
            "timestamp" => (Opcode.Timestamp, AbiType.U256),
            _ => throw new CompileException(name.At, $"unknown name '{name.Name}'"),
        };
        _code.Emit(op);
        return type;
    }

    private AbiType Binary(BinaryExpression binary)
    {
        switch (binary.Operator)
        {
            case "&&" or "||":
                Expect(binary.Left, AbiType.Bool, $"the left side of '{binary.Operator}'");
                Expect(binary.Right, AbiType.Bool, $"the right side of '{binary.Operator}'");
                _code.Emit(binary.Operator == "&&" ? Opcode.And : Opcode.Or);
                return AbiType.Bool;
            case "==" or "!=":
                var left = Expression(binary.Left);
                Expect(binary.Right, left, $"the right side of '{binary.Operator}'");
                _code.Emit(binary.Operator == "==" ? Opcode.Eq : Opcode.Ne);
                return AbiType.Bool;
            default:
                Expect(binary.Left, AbiType.U256, $"the left side of '{binary.Operator}'");
                Expect(binary.Right, AbiType.U256, $"the right side of '{binary.Operator}'");
                var (op, result) = binary.Operator switch
                {
                    "+" => (Opcode.Add, AbiType.U256),
                    "-" => (Opcode.Sub, AbiType.U256),
                    "*" => (Opcode.Mul, AbiType.U256),
                    "/" => (Opcode.Div, AbiType.U256),
                    "%" => (Opcode.Mod, AbiType.U256),
                    "<" => (Opcode.Lt, AbiType.Bool),
                    ">" => (Opcode.Gt, AbiType.Bool),
                    "<=" => (Opcode.Le, AbiType.Bool),
                    _ => (Opcode.Ge, AbiType.Bool),
                };
                _code.Emit(op);
                return result;
        }
    }

    private AbiType Call(CallExpression call)
    {
        if (_functions.TryGetValue(call.Function, out var target))
        {
            var callee = target.Node;
            if (callee.IsConstructor)
                throw new CompileException(call.At, "init runs once, at deploy; it cannot be called");
            if (call.Arguments.Count != callee.Parameters.Count)
                throw new CompileException(call.At, $"{callee.Name} takes {callee.Parameters.Count} arguments, got {call.Arguments.Count}");
            for (var i = 0; i < call.Arguments.Count; i++)
                Expect(call.Arguments[i], callee.Parameters[i].Type, $"argument '{callee.Parameters[i].Name}' of {callee.Name}");
            _code.Emit(Opcode.CallFunction, (byte)target.Index);
            return callee.Returns;
        }
        return call.Function switch
        {
            "balance" => Builtin(call, Opcode.Balance, AbiType.U256, AbiType.Address),
            "is_member" => Builtin(call, Opcode.IsMember, AbiType.Bool, AbiType.Address),
            "sha256" => Builtin(call, Opcode.Sha256, AbiType.Bytes, AbiType.Bytes),
            "len" => Builtin(call, Opcode.Len, AbiType.U256, AbiType.Bytes),
            "slice" => Builtin(call, Opcode.Slice, AbiType.Bytes, AbiType.Bytes, AbiType.U256, AbiType.U256),
            "concat" => Builtin(call, Opcode.Concat, AbiType.Bytes, AbiType.Bytes, AbiType.Bytes),
            "to_u256" => Builtin(call, Opcode.ToInt, AbiType.U256, AbiType.Bytes),
            "to_bytes" => Builtin(call, Opcode.ToBytes, AbiType.Bytes, AbiType.U256),
            "call" => ContractCall(call),
            _ => throw new CompileException(call.At, $"no function named '{call.Function}'"),
        };
    }

    private AbiType Builtin(CallExpression call, Opcode op, AbiType result, params AbiType[] parameters)
    {
        if (call.Arguments.Count != parameters.Length)
            throw new CompileException(call.At, $"{call.Function} takes {parameters.Length} arguments, got {call.Arguments.Count}");
        for (var i = 0; i < parameters.Length; i++)
            Expect(call.Arguments[i], parameters[i], $"argument {i + 1} of {call.Function}");
        _code.Emit(op);
        return result;
    }

    // call(contract, "name(type,...)", args...) -> bytes: the callee's ABI-encoded result.
    private AbiType ContractCall(CallExpression call)
    {
        if (call.Arguments.Count < 2 || call.Arguments[1] is not BytesLiteral { } signatureLiteral)
            throw new CompileException(call.At, "call needs a contract address and a literal signature: call(contract, \"name(u256,address)\", args...)");
        var signature = System.Text.Encoding.UTF8.GetString(signatureLiteral.Value);
        var types = ParseSignature(signature, signatureLiteral.At);
        var arguments = call.Arguments.Skip(2).ToList();
        if (arguments.Count != types.Count)
            throw new CompileException(call.At, $"{signature} takes {types.Count} arguments, got {arguments.Count}");
        Expect(call.Arguments[0], AbiType.Address, "the called contract");
        var selector = AbiCodec.Selector(signature);
        _code.PushBytes([(byte)(selector >> 24), (byte)(selector >> 16), (byte)(selector >> 8), (byte)selector]);
        EncodeArguments(arguments, types, signature);
        _code.Emit(Opcode.Concat);
        _code.PushInt(0);
        _code.Emit(Opcode.CallContract);
        return AbiType.Bytes;
    }

    private static List<AbiType> ParseSignature(string signature, Token at)
    {
        var open = signature.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !signature.EndsWith(')'))
            throw new CompileException(at, $"'{signature}' is not a signature like name(u256,address)");
        var inside = signature[(open + 1)..^1];
        return inside.Length == 0
            ? []
            : inside.Split(',').Select(t => AbiTypeNames.Parse(t) ?? throw new CompileException(at, $"unknown type '{t}' in '{signature}'")).ToList();
    }

    /// <summary>Pushes the storage key of a scalar, or of a map entry at <paramref name="keys"/>.</summary>
    private void StorageKey(StorageNode storage, List<ExpressionNode> keys, Token at)
    {
        if (keys.Count != storage.KeyTypes.Count)
        {
            throw new CompileException(at, storage.IsMap
                ? $"'{storage.Name}' takes {storage.KeyTypes.Count} keys, got {keys.Count}"
                : $"'{storage.Name}' is not a map");
        }
        var name = System.Text.Encoding.UTF8.GetBytes(storage.Name);
        _code.PushBytes(storage.IsMap ? [.. name, 0] : name);
        for (var i = 0; i < keys.Count; i++)
        {
            Expect(keys[i], storage.KeyTypes[i], $"key {i + 1} of '{storage.Name}'");
            if (storage.KeyTypes[i] is AbiType.U256 or AbiType.Bool)
                _code.Emit(Opcode.ToBytes);
            else if (storage.KeyTypes[i] == AbiType.Bytes)
                _code.Emit(Opcode.Sha256);
            _code.Emit(Opcode.Concat);
        }
    }

    // With the key on the stack: loads and decodes the stored value; absent reads as zero,
    // false, the zero address or empty bytes.
    private AbiType LoadStorage(AbiType type)
    {
        _code.Emit(Opcode.StorageLoad);
        if (type is AbiType.U256 or AbiType.Bool)
        {
            _code.Emit(Opcode.ToInt);
        }
        else if (type == AbiType.Address)
        {
            var done = _code.NewLabel();
            _code.Emit(Opcode.Dup, 0);
            _code.Emit(Opcode.Len);
            _code.PushInt(0);
            _code.Emit(Opcode.Eq);
            _code.Jump(Opcode.JumpIfFalse, done);
            _code.Emit(Opcode.Pop);
            _code.PushBytes(new byte[20]);
            _code.Mark(done);
        }
        return type;
    }
}
