using System.Numerics;
using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Gas;

namespace ChainNode.Contracts.Vm;

/// <summary>
/// The interpreter. One instance runs one tx: it charges gas per instruction from the single
/// table, counts the bytes it allocates, and keeps calls (to functions and to other contracts)
/// on its own frame stack rather than the C# stack. Any fault ends the whole tx; the caller of
/// the machine rolls back the state. No I/O, clock, randomness or floating point.
/// </summary>
public sealed partial class Machine(IContractHost host, VmLimits limits, ulong gasLimit)
{
    // Grown on demand up to the limit: most calls use a few dozen values, and a full-depth array
    // set aside per call was most of what a token transfer allocated.
    private const int InitialStack = 32;
    private Value[] _stack = new Value[Math.Min(InitialStack, limits.MaxStackDepth)];
    private readonly Stack<Frame> _frames = new();
    private int _top;
    private long _memory;

    public ulong GasUsed { get; private set; }

    /// <summary>Instructions executed so far (for benchmarks and diagnostics).</summary>
    public long Instructions { get; private set; }

    public ulong GasLimit => gasLimit;

    private sealed class Frame(Module module, FunctionInfo function, Value[] locals, int stackBase, CallContext context, bool contractEntry)
    {
        public Module Module { get; } = module;
        public FunctionInfo Function { get; } = function;
        public Value[] Locals { get; } = locals;
        public int StackBase { get; } = stackBase;
        public CallContext Context { get; } = context;
        public bool ContractEntry { get; } = contractEntry;
        public int Pc { get; set; } = function.Entry;
    }

    /// <summary>Who is running: the contract, its caller, and the coins sent with the call.</summary>
    public sealed record CallContext(byte[] Contract, byte[] Caller, BigInteger Value, int Depth);

    /// <summary>Runs the public function that <paramref name="input"/> selects; returns its ABI-encoded result.</summary>
    public byte[] Call(Module module, CallContext context, byte[] input)
    {
        Enter(module, context, input, constructor: false);
        return Run();
    }

    /// <summary>Runs the module's constructor (if it has one) with ABI-encoded <paramref name="arguments"/>.</summary>
    public byte[] Construct(Module module, CallContext context, byte[] arguments)
    {
        if (module.Constructor is null)
        {
            if (arguments.Length > 0)
                throw new VmFaultException("the contract has no constructor, but arguments were given");
            return [];
        }
        Enter(module, context, arguments, constructor: true);
        return Run();
    }

    public void Charge(ulong gas)
    {
        GasUsed += gas;
        if (GasUsed > gasLimit)
        {
            GasUsed = gasLimit;
            throw new OutOfGasException(gasLimit);
        }
    }

    private void Enter(Module module, CallContext context, byte[] input, bool constructor)
    {
        FunctionInfo function;
        ReadOnlySpan<byte> arguments;
        if (constructor)
        {
            function = module.Constructor!;
            arguments = input;
        }
        else
        {
            if (input.Length < 4)
                throw new VmFaultException("call data must start with a 4-byte function selector");
            var selector = (uint)(input[0] << 24 | input[1] << 16 | input[2] << 8 | input[3]);
            function = module.FindPublic(selector) ?? throw new VmFaultException($"the contract has no public function with selector 0x{selector:x8}");
            arguments = input.AsSpan(4);
        }
        if (context.Value > 0 && !function.IsPayable)
            throw new VmFaultException("the function does not accept coins (it is not payable)");
        if (context.Depth > limits.MaxCallDepth)
            throw new VmFaultException($"contract calls nest deeper than {limits.MaxCallDepth}");
        Allocate(input.Length);
        var locals = new Value[function.Locals];
        Array.Fill(locals, Value.Zero);
        AbiCodec.Decode(arguments, function.Parameters).CopyTo(locals, 0);
        PushFrame(new Frame(module, function, locals, _top, context, contractEntry: true));
    }

    private void PushFrame(Frame frame)
    {
        if (_frames.Count >= limits.MaxFunctionFrames)
            throw new VmFaultException($"more than {limits.MaxFunctionFrames} nested function calls");
        _frames.Push(frame);
    }

    private void Allocate(long bytes)
    {
        _memory += bytes;
        if (_memory > limits.MaxMemoryBytes)
            throw new VmFaultException($"memory limit of {limits.MaxMemoryBytes} bytes exceeded");
        Charge(GasTable.PerMemoryWord * GasTable.Words((int)Math.Min(bytes, int.MaxValue)));
    }

    private Value NewBytes(byte[] bytes)
    {
        Allocate(bytes.Length);
        return new Value(bytes);
    }

    private void Push(Value value)
    {
        if (_top >= _stack.Length)
        {
            if (_stack.Length >= limits.MaxStackDepth)
                throw new VmFaultException($"stack overflow ({limits.MaxStackDepth} values)");
            Array.Resize(ref _stack, Math.Min(2 * _stack.Length, limits.MaxStackDepth));
        }
        _stack[_top++] = value;
    }

    private Value Pop() => _stack[--_top]; // the verifier proved every pop has a value in this frame

    private static Value Checked(BigInteger value) =>
        value.Sign < 0 ? throw new VmFaultException("arithmetic underflow")
        : value > Value.MaxInt ? throw new VmFaultException("arithmetic overflow")
        : new Value(value);
}
