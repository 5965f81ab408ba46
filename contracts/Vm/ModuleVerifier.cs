namespace ChainNode.Contracts.Vm;

/// <summary>
/// Deploy-time checks, so that running code never meets a malformed instruction: every byte
/// decodes to a known instruction, every jump lands on an instruction start, locals and function
/// indexes exist, and every path through a function has one fixed stack depth at each
/// instruction, never underflows, stays within the stack limit, and returns with exactly its
/// declared result.
/// </summary>
public static class ModuleVerifier
{
    public static void Verify(Module module, VmLimits limits)
    {
        var code = module.Code;
        var starts = new bool[code.Length];
        for (var pc = 0; pc < code.Length;)
        {
            var length = Instruction.Length(code, pc);
            if (length < 0)
            {
                throw new InvalidModuleException(Enum.IsDefined((Opcode)code[pc])
                    ? $"the instruction at {pc} ({(Opcode)code[pc]}) is truncated"
                    : $"unknown opcode 0x{code[pc]:x2} at {pc}");
            }
            starts[pc] = true;
            pc += length;
        }
        foreach (var function in module.Functions)
            VerifyFunction(module, function, starts, limits);
    }

    private static void VerifyFunction(Module module, FunctionInfo function, bool[] starts, VmLimits limits)
    {
        var code = module.Code;
        var depthAt = new int[code.Length];
        Array.Fill(depthAt, -1);
        var pending = new Stack<(int Pc, int Depth)>();
        Enqueue(function.Entry, 0, "the entry");
        while (pending.TryPop(out var item))
        {
            var (pc, depth) = item;
            if (depthAt[pc] >= 0)
            {
                if (depthAt[pc] != depth)
                    throw Fail($"stack depth at {pc} is {depth} on one path and {depthAt[pc]} on another");
                continue;
            }
            depthAt[pc] = depth;
            var op = (Opcode)code[pc];
            var length = Instruction.Length(code, pc);
            switch (op)
            {
                case Opcode.Return:
                    if (depth != function.ResultCount)
                        throw Fail($"returns at {pc} with {depth} values on the stack; it must leave exactly {function.ResultCount}");
                    continue;
                case Opcode.Revert:
                    Need(1);
                    continue;
                case Opcode.Jump:
                    Enqueue(Target(pc), depth, $"the jump at {pc}");
                    continue;
                case Opcode.JumpIfFalse:
                    Need(1);
                    Enqueue(Target(pc), depth - 1, $"the jump at {pc}");
                    Next(depth - 1);
                    continue;
                case Opcode.Dup:
                    Need(code[pc + 1] + 1);
                    Next(depth + 1);
                    continue;
                case Opcode.LoadLocal or Opcode.StoreLocal:
                    if (code[pc + 1] >= function.Locals)
                        throw Fail($"local {code[pc + 1]} at {pc} does not exist (the function has {function.Locals})");
                    if (op == Opcode.StoreLocal)
                        Need(1);
                    Next(op == Opcode.LoadLocal ? depth + 1 : depth - 1);
                    continue;
                case Opcode.CallFunction:
                    var index = code[pc + 1];
                    if (index >= module.Functions.Count || module.Functions[index].IsConstructor)
                        throw Fail($"the call at {pc} names function {index}, which does not exist or is the constructor");
                    var callee = module.Functions[index];
                    Need(callee.Parameters.Count);
                    Next(depth - callee.Parameters.Count + callee.ResultCount);
                    continue;
                default:
                    var (pops, pushes) = Instruction.Effect(op);
                    Need(pops);
                    Next(depth - pops + pushes);
                    continue;
            }

            void Need(int values)
            {
                if (depth < values)
                    throw Fail($"{op} at {pc} needs {values} values but the stack holds {depth}");
            }

            void Next(int newDepth)
            {
                if (pc + length >= code.Length)
                    throw Fail($"execution can run past the end of the code after {pc}");
                Enqueue(pc + length, newDepth, $"the instruction after {pc}");
            }
        }

        int Target(int pc) => code[pc + 1] << 8 | code[pc + 2];

        void Enqueue(int pc, int depth, string what)
        {
            if (pc >= code.Length || !starts[pc])
                throw Fail($"{what} goes to {pc}, which is not the start of an instruction");
            if (depth > limits.MaxStackDepth)
                throw Fail($"the stack can grow to {depth} values at {pc}; the limit is {limits.MaxStackDepth}");
            pending.Push((pc, depth));
        }

        InvalidModuleException Fail(string problem) => new($"function {function.Index}: {problem}");
    }
}
