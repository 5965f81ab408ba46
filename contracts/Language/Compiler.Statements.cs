using System.Text;
using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Vm;

namespace ChainNode.Contracts.Language;

// Statements: each leaves the operand stack as it found it.
public sealed partial class Compiler
{
    private void Statement(StatementNode statement)
    {
        switch (statement)
        {
            case LetStatement let:
                Expect(let.Value, let.Type, $"'{let.Name}'");
                var slot = DeclareLocal(let.At, let.Name, let.Type);
                _code.Emit(Opcode.StoreLocal, (byte)slot);
                break;
            case AssignStatement assign:
                Assign(assign);
                break;
            case IfStatement ifStatement:
                var elseLabel = _code.NewLabel();
                var endLabel = _code.NewLabel();
                Expect(ifStatement.Condition, AbiType.Bool, "an if condition");
                _code.Jump(Opcode.JumpIfFalse, elseLabel);
                Scoped(ifStatement.Then);
                _code.Jump(Opcode.Jump, endLabel);
                _code.Mark(elseLabel);
                if (ifStatement.Else is { } otherwise)
                    Scoped(otherwise);
                _code.Mark(endLabel);
                break;
            case ForStatement loop:
                For(loop);
                break;
            case RequireStatement require:
                var ok = _code.NewLabel();
                Expect(require.Condition, AbiType.Bool, "a require condition");
                _code.Emit(Opcode.Not);
                _code.Jump(Opcode.JumpIfFalse, ok);
                _code.PushBytes(Encoding.UTF8.GetBytes(require.Reason));
                _code.Emit(Opcode.Revert);
                _code.Mark(ok);
                break;
            case EmitStatement emit:
                Emit(emit);
                break;
            case TransferStatement transfer:
                Expect(transfer.To, AbiType.Address, "the transfer recipient");
                Expect(transfer.Amount, AbiType.U256, "the transfer amount");
                _code.Emit(Opcode.Transfer);
                break;
            case RevertStatement revert:
                _code.PushBytes(Encoding.UTF8.GetBytes(revert.Reason));
                _code.Emit(Opcode.Revert);
                break;
            case ReturnStatement ret:
                if (ret.Value is null != (_function.Returns == AbiType.None))
                    throw new CompileException(ret.At, _function.Returns == AbiType.None ? $"{_function.Name} returns nothing" : $"{_function.Name} must return a {AbiTypeNames.Name(_function.Returns)}");
                if (ret.Value is not null)
                    Expect(ret.Value, _function.Returns, "the return value");
                _code.Emit(Opcode.Return);
                break;
            case ExpressionStatement expression:
                if (Expression(expression.Expression) != AbiType.None)
                    _code.Emit(Opcode.Pop);
                break;
        }
    }

    // Locals declared inside a block end with it (their slots are not reused, which keeps the
    // verifier's view simple and costs at most a few locals).
    private void Scoped(List<StatementNode> statements)
    {
        var outer = new Dictionary<string, (int, AbiType)>(_locals);
        foreach (var statement in statements)
            Statement(statement);
        _locals = outer;
    }

    private void Assign(AssignStatement assign)
    {
        if (assign.Keys.Count == 0 && _locals.TryGetValue(assign.Target, out var local))
        {
            Expect(assign.Value, local.Type, $"'{assign.Target}'");
            _code.Emit(Opcode.StoreLocal, (byte)local.Slot);
            return;
        }
        if (!_storage.TryGetValue(assign.Target, out var storage))
            throw new CompileException(assign.At, $"'{assign.Target}' is not a variable or storage");
        if (_function.IsView)
            throw new CompileException(assign.At, $"view function {_function.Name} cannot write storage");
        StorageKey(storage, assign.Keys, assign.At);
        Expect(assign.Value, storage.ValueType, $"storage '{storage.Name}'");
        if (storage.ValueType is AbiType.U256 or AbiType.Bool)
            _code.Emit(Opcode.ToBytes);
        _code.Emit(Opcode.StorageStore);
    }

    private void For(ForStatement loop)
    {
        var outer = new Dictionary<string, (int, AbiType)>(_locals);
        Expect(loop.From, AbiType.U256, "the loop start");
        var variable = DeclareLocal(loop.At, loop.Variable, AbiType.U256);
        _code.Emit(Opcode.StoreLocal, (byte)variable);
        Expect(loop.To, AbiType.U256, "the loop end");
        var end = DeclareLocal(loop.At, $"{loop.Variable}#end", AbiType.U256);
        _code.Emit(Opcode.StoreLocal, (byte)end);
        var top = _code.NewLabel();
        var exit = _code.NewLabel();
        _code.Mark(top);
        _code.Emit(Opcode.LoadLocal, (byte)variable);
        _code.Emit(Opcode.LoadLocal, (byte)end);
        _code.Emit(Opcode.Lt);
        _code.Jump(Opcode.JumpIfFalse, exit);
        Scoped(loop.Body);
        _code.Emit(Opcode.LoadLocal, (byte)variable);
        _code.PushInt(1);
        _code.Emit(Opcode.Add);
        _code.Emit(Opcode.StoreLocal, (byte)variable);
        _code.Jump(Opcode.Jump, top);
        _code.Mark(exit);
        _locals = outer;
    }

    private void Emit(EmitStatement emit)
    {
        if (!_events.TryGetValue(emit.Event, out var ev))
            throw new CompileException(emit.At, $"no event named '{emit.Event}'");
        if (emit.Arguments.Count != ev.Parameters.Count)
            throw new CompileException(emit.At, $"event {ev.Name} takes {ev.Parameters.Count} arguments, got {emit.Arguments.Count}");
        _code.PushBytes(EventTopic(ev));
        EncodeArguments(emit.Arguments, ev.Parameters.Select(p => p.Type).ToList(), $"event {ev.Name}");
        _code.Emit(Opcode.Emit);
    }

    /// <summary>Leaves the ABI encoding of the arguments on the stack, as one byte string.</summary>
    private void EncodeArguments(List<ExpressionNode> arguments, List<AbiType> types, string what)
    {
        _code.PushBytes([]);
        for (var i = 0; i < arguments.Count; i++)
        {
            Expect(arguments[i], types[i], $"argument {i + 1} of {what}");
            switch (types[i])
            {
                case AbiType.U256 or AbiType.Bool:
                    _code.Emit(Opcode.ToBytes);
                    break;
                case AbiType.Address:
                    _code.PushBytes(new byte[12]);
                    _code.Emit(Opcode.Swap);
                    _code.Emit(Opcode.Concat);
                    break;
                case AbiType.Bytes:
                    _code.Emit(Opcode.Dup, 0);
                    _code.Emit(Opcode.Len);
                    _code.Emit(Opcode.ToBytes);
                    _code.Emit(Opcode.Swap);
                    _code.Emit(Opcode.Concat);
                    break;
            }
            _code.Emit(Opcode.Concat);
        }
    }
}
