using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Gas;

namespace ChainNode.Contracts.Vm;

// The dispatch loop: one switch over the opcode, gas charged before each instruction.
public sealed partial class Machine
{
    private byte[] Run()
    {
        while (true)
        {
            var frame = _frames.Peek();
            var code = frame.Module.Code;
            var pc = frame.Pc;
            var op = (Opcode)code[pc];
            Charge(GasTable.BaseCost(op));
            Instructions++;
            frame.Pc = pc + Instruction.Length(code, pc);
            switch (op)
            {
                case Opcode.PushInt:
                    Push(new Value(new BigInteger(code.AsSpan(pc + 2, code[pc + 1]), isUnsigned: true, isBigEndian: true)));
                    break;
                case Opcode.PushBytes:
                    Push(NewBytes(code.AsSpan(pc + 3, code[pc + 1] << 8 | code[pc + 2]).ToArray()));
                    break;
                case Opcode.Pop:
                    _top--;
                    break;
                case Opcode.Dup:
                    Push(_stack[_top - 1 - code[pc + 1]]);
                    break;
                case Opcode.Swap:
                    (_stack[_top - 1], _stack[_top - 2]) = (_stack[_top - 2], _stack[_top - 1]);
                    break;
                case Opcode.LoadLocal:
                    Push(frame.Locals[code[pc + 1]]);
                    break;
                case Opcode.StoreLocal:
                    frame.Locals[code[pc + 1]] = Pop();
                    break;
                case Opcode.Add or Opcode.Sub or Opcode.Mul or Opcode.Div or Opcode.Mod:
                    Push(Arithmetic(op));
                    break;
                case Opcode.Lt or Opcode.Gt or Opcode.Le or Opcode.Ge:
                    Push(Compare(op));
                    break;
                case Opcode.Eq or Opcode.Ne:
                    var right = Pop();
                    var left = Pop();
                    Push(Value.Bool(left.Equals(right) == (op == Opcode.Eq)));
                    break;
                case Opcode.And or Opcode.Or:
                    var b = Pop().AsBool(op.ToString());
                    var a = Pop().AsBool(op.ToString());
                    Push(Value.Bool(op == Opcode.And ? a && b : a || b));
                    break;
                case Opcode.Not:
                    Push(Value.Bool(!Pop().AsBool("Not")));
                    break;
                case Opcode.Concat:
                    var tail = Pop().AsBytes("Concat");
                    var head = Pop().AsBytes("Concat");
                    Push(NewBytes([.. head, .. tail]));
                    break;
                case Opcode.Len:
                    Push(new Value(Pop().AsBytes("Len").Length));
                    break;
                case Opcode.Slice:
                    Push(Slice());
                    break;
                case Opcode.Sha256:
                    var data = Pop().AsBytes("Sha256");
                    Charge(GasTable.Sha256PerWord * GasTable.Words(data.Length));
                    Push(NewBytes(SHA256.HashData(data)));
                    break;
                case Opcode.ToInt:
                    var raw = Pop().AsBytes("ToInt");
                    Push(raw.Length <= AbiCodec.WordBytes ? new Value(new BigInteger(raw, isUnsigned: true, isBigEndian: true)) : throw new VmFaultException($"ToInt takes at most 32 bytes, got {raw.Length}"));
                    break;
                case Opcode.ToBytes:
                    Push(NewBytes(AbiCodec.Word(Pop().AsInt("ToBytes"))));
                    break;
                case Opcode.Jump:
                    frame.Pc = code[pc + 1] << 8 | code[pc + 2];
                    break;
                case Opcode.JumpIfFalse:
                    if (!Pop().AsBool("JumpIfFalse"))
                        frame.Pc = code[pc + 1] << 8 | code[pc + 2];
                    break;
                case Opcode.CallFunction:
                    CallFunction(frame, code[pc + 1]);
                    break;
                case Opcode.Return:
                    if (ReturnFrom(frame) is { } result)
                        return result;
                    break;
                default:
                    HostInstruction(op, frame.Context);
                    break;
            }
        }
    }

    private Value Arithmetic(Opcode op)
    {
        var y = Pop().AsInt(op.ToString());
        var x = Pop().AsInt(op.ToString());
        if (op is Opcode.Div or Opcode.Mod && y.IsZero)
            throw new VmFaultException("division by zero");
        return Checked(op switch
        {
            Opcode.Add => x + y,
            Opcode.Sub => x - y,
            Opcode.Mul => x * y,
            Opcode.Div => x / y,
            _ => x % y,
        });
    }

    private Value Compare(Opcode op)
    {
        var y = Pop().AsInt(op.ToString());
        var x = Pop().AsInt(op.ToString());
        return Value.Bool(op switch
        {
            Opcode.Lt => x < y,
            Opcode.Gt => x > y,
            Opcode.Le => x <= y,
            _ => x >= y,
        });
    }

    private Value Slice()
    {
        var length = Pop().AsInt("Slice length");
        var start = Pop().AsInt("Slice start");
        var bytes = Pop().AsBytes("Slice");
        if (start > bytes.Length || length > bytes.Length - start)
            throw new VmFaultException($"Slice({start}, {length}) is outside a {bytes.Length}-byte string");
        return NewBytes(bytes.AsSpan((int)start, (int)length).ToArray());
    }

    private void CallFunction(Frame caller, int index)
    {
        var callee = caller.Module.Functions[index];
        var locals = new Value[callee.Locals];
        Array.Fill(locals, Value.Zero);
        for (var i = callee.Parameters.Count - 1; i >= 0; i--)
            locals[i] = Pop();
        PushFrame(new Frame(caller.Module, callee, locals, _top, caller.Context, contractEntry: false));
    }

    // Leaves a frame; returns the encoded result when the outermost contract call has finished.
    private byte[]? ReturnFrom(Frame frame)
    {
        Value? result = frame.Function.ResultCount == 1 ? Pop() : null;
        _frames.Pop();
        if (!frame.ContractEntry)
        {
            if (result is { } value)
                Push(value);
            return null;
        }
        var encoded = result is { } returned ? AbiCodec.EncodeOne(frame.Function.Returns, CheckReturnType(frame.Function.Returns, returned)) : [];
        if (_frames.Count == 0)
            return encoded;
        Push(NewBytes(encoded)); // the result of CallContract in the calling contract
        return null;
    }

    private static Value CheckReturnType(AbiType type, Value value) => type switch
    {
        AbiType.Bool => Value.Bool(value.AsBool("a bool return value")),
        AbiType.Address when value.AsBytes("an address return value").Length != 20 => throw new VmFaultException("an address return value must be 20 bytes"),
        _ => value,
    };

    private void HostInstruction(Opcode op, CallContext context)
    {
        switch (op)
        {
            case Opcode.Caller:
                Push(NewBytes(context.Caller));
                break;
            case Opcode.Self:
                Push(NewBytes(context.Contract));
                break;
            case Opcode.CallValue:
                Push(new Value(context.Value));
                break;
            case Opcode.Height:
                Push(new Value(host.Height));
                break;
            case Opcode.Timestamp:
                Push(new Value(host.TimestampMs));
                break;
            case Opcode.Balance:
                Push(new Value(host.BalanceOf(Address(Pop(), "Balance"))));
                break;
            case Opcode.IsMember:
                Push(Value.Bool(host.IsMember(Address(Pop(), "IsMember"))));
                break;
            case Opcode.StorageLoad:
                Push(NewBytes(host.StorageGet(context.Contract, StorageKey(Pop()))));
                break;
            case Opcode.StorageStore:
                var value = Pop().AsBytes("StorageStore value");
                var key = StorageKey(Pop());
                if (value.Length > limits.MaxStorageValueBytes)
                    throw new VmFaultException($"a stored value is {value.Length} bytes; the limit is {limits.MaxStorageValueBytes}");
                Charge(GasTable.StorageWritePerByte * (ulong)(key.Length + value.Length));
                host.StorageSet(context.Contract, key, value);
                break;
            case Opcode.StorageDelete:
                host.StorageDelete(context.Contract, StorageKey(Pop()));
                break;
            case Opcode.Transfer:
                var amount = Pop().AsInt("Transfer amount");
                host.Transfer(context.Contract, Address(Pop(), "Transfer"), amount);
                break;
            case Opcode.Emit:
                var eventData = Pop().AsBytes("Emit data");
                var topic = Pop().AsBytes("Emit topic");
                Charge(GasTable.EmitPerByte * (ulong)(topic.Length + eventData.Length));
                host.Emit(context.Contract, topic, eventData);
                break;
            case Opcode.Revert:
                throw new RevertException(Encoding.UTF8.GetString(Pop().AsBytes("Revert reason")));
            case Opcode.CallContract:
                CallContract(context);
                break;
            default:
                throw new VmFaultException($"unknown opcode 0x{(byte)op:x2}"); // unreachable after verification
        }
    }

    private void CallContract(CallContext context)
    {
        var amount = Pop().AsInt("CallContract amount");
        var input = Pop().AsBytes("CallContract input");
        var target = Address(Pop(), "CallContract");
        var module = host.LoadModule(target) ?? throw new VmFaultException($"no contract at {Convert.ToHexStringLower(target)}");
        if (amount > 0)
            host.Transfer(context.Contract, target, amount);
        Enter(module, new CallContext(target, context.Contract, amount, context.Depth + 1), input, constructor: false);
    }

    private byte[] StorageKey(Value value)
    {
        var key = value.AsBytes("a storage key");
        return key.Length <= limits.MaxStorageKeyBytes ? key : throw new VmFaultException($"a storage key is {key.Length} bytes; the limit is {limits.MaxStorageKeyBytes}");
    }

    private static byte[] Address(Value value, string what)
    {
        var bytes = value.AsBytes(what);
        return bytes.Length == 20 ? bytes : throw new VmFaultException($"{what} needs a 20-byte address, got {bytes.Length} bytes");
    }
}
