using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Vm;

namespace ChainNode.Contracts.Tests;

/// <summary>
/// Random bytecode and random call data. Nothing may crash the process or escape the VM's own
/// faults; every run ends within its gas and gives the same result twice. CI runs a few thousand
/// programs; set CHAINNODE_FUZZ_ITERATIONS (and CHAINNODE_FUZZ_SEED) for a long run.
/// </summary>
[TestClass]
public sealed class FuzzTests
{
    private const ulong Gas = 200_000;
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("CHAINNODE_FUZZ_ITERATIONS"), out var n) ? n : 3_000;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CHAINNODE_FUZZ_SEED"), out var s) ? s : Environment.TickCount;
    private static readonly Opcode[] Opcodes = Enum.GetValues<Opcode>();

    [TestMethod]
    public void Random_programs_never_crash_stay_within_gas_and_repeat_exactly()
    {
        var verified = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var random = new Random(Seed + i);
            try
            {
                var module = random.Next(4) == 0 ? RandomBytes(random) : RandomProgram(random);
                var input = RandomInput(random);
                var first = Run(module, input);
                if (first.Verified)
                    verified++;
                Assert.AreEqual(first, Run(module, input), "a second run of the same program differed");
            }
            catch (AssertFailedException e)
            {
                Assert.Fail($"seed {Seed + i} (rerun with CHAINNODE_FUZZ_SEED={Seed + i} CHAINNODE_FUZZ_ITERATIONS=1): {e.Message}");
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {Seed + i} (rerun with CHAINNODE_FUZZ_SEED={Seed + i} CHAINNODE_FUZZ_ITERATIONS=1) crashed: {e}");
            }
        }
        Console.WriteLine($"{verified} of {Iterations} random programs passed verification and ran (seeds {Seed}..{Seed + Iterations - 1})");
        Assert.IsTrue(verified > Iterations / 20, $"only {verified} of {Iterations} random programs passed verification; the generator is too weak to test the interpreter");
    }

    [TestMethod]
    public void Random_call_data_to_the_example_contracts_never_crashes()
    {
        using var h = new ContractHarness();
        var contracts = new[] { "token", "escrow", "voting" }.Select(name =>
        {
            var compiled = ContractHarness.Example(name);
            var args = name switch
            {
                "token" => [(AbiType.U256, ContractHarness.Int(100))],
                "escrow" => [(AbiType.Address, ContractHarness.Addr(ContractHarness.Member(1))), (AbiType.Address, ContractHarness.Addr(ContractHarness.Member(2)))],
                _ => new List<(AbiType, Value)> { (AbiType.U256, ContractHarness.Int(3)) },
            };
            return (compiled, h.Deploy(0, compiled, args, amount: name == "escrow" ? 10UL : 0).Contract);
        }).ToList();
        for (var i = 0; i < Iterations; i++)
        {
            var random = new Random(Seed + i);
            var (compiled, address) = contracts[random.Next(contracts.Count)];
            var input = RandomInput(random);
            if (random.Next(2) == 0)
            {
                var function = compiled.Abi.Functions.Where(f => f.Public && !f.Constructor).ToList()[random.Next(compiled.Abi.Functions.Count(f => f.Public && !f.Constructor))];
                var selector = Convert.FromHexString(function.Selector);
                input = [.. selector, .. input];
            }
            var result = h.Runtime.Query(h.State, h.Block, address, ContractHarness.Member(random.Next(4)), input);
            Assert.IsTrue(result.GasUsed <= Host.ContractRuntime.QueryGasLimit, $"seed {Seed + i}: used more gas than allowed");
        }
    }

    private sealed record Outcome(bool Verified, string Result, ulong GasUsed);

    private static Outcome Run(byte[] bytes, byte[] input)
    {
        Module module;
        try
        {
            module = Module.Parse(bytes, VmLimits.Default);
            ModuleVerifier.Verify(module, VmLimits.Default);
        }
        catch (InvalidModuleException e)
        {
            return new Outcome(false, e.Message, 0);
        }
        var host = new MemoryContractHost();
        var self = new byte[20];
        self[0] = 2;
        host.Modules[Convert.ToHexString(self)] = module;
        var machine = new Machine(host, VmLimits.Default, Gas);
        var context = new Machine.CallContext(self, new byte[20], 0, 0);
        string result;
        try
        {
            var call = module.Functions.Count > 0 ? [.. BitConverter.GetBytes(module.Functions[0].Selector).Reverse(), .. input] : input;
            result = "ok " + Convert.ToHexString(machine.Call(module, context, call));
        }
        catch (VmFaultException e)
        {
            result = $"{e.GetType().Name}: {e.Message}";
        }
        Assert.IsTrue(machine.GasUsed <= Gas, $"used {machine.GasUsed} gas of {Gas}");
        return new Outcome(true, $"{result} events {host.Events}", machine.GasUsed);
    }

    private static byte[] RandomBytes(Random random)
    {
        var header = Module.Encode([new FunctionInfo(0, 0xAABBCCDD, FunctionModifiers.Public, [], AbiType.None, random.Next(4), 0)], []);
        var code = new byte[random.Next(1, 64)];
        random.NextBytes(code);
        return [.. header, .. code];
    }

    // Mostly well-formed instructions with plausible operands, ending in Return, so many programs
    // pass verification and exercise the interpreter rather than the decoder.
    private static byte[] RandomProgram(Random random)
    {
        var locals = random.Next(1, 4);
        var returns = random.Next(3) == 0 ? AbiType.U256 : AbiType.None;
        var code = new List<byte>();
        var starts = new List<int>();
        var depth = 0;
        var count = random.Next(1, 40);
        for (var i = 0; i < count; i++)
        {
            starts.Add(code.Count);
            var op = depth < 2 && random.Next(3) > 0 ? (random.Next(2) == 0 ? Opcode.PushInt : Opcode.PushBytes) : Opcodes[random.Next(Opcodes.Length)];
            if (op is Opcode.Return or Opcode.Revert && i < count - 1)
                op = Opcode.Dup;
            code.Add((byte)op);
            switch (op)
            {
                case Opcode.PushInt:
                    var length = random.Next(0, 4);
                    code.Add((byte)length);
                    for (var b = 0; b < length; b++)
                        code.Add((byte)random.Next(256));
                    break;
                case Opcode.PushBytes:
                    var size = random.Next(0, 34);
                    code.Add(0);
                    code.Add((byte)size);
                    for (var b = 0; b < size; b++)
                        code.Add((byte)random.Next(256));
                    break;
                case Opcode.Dup:
                    code.Add((byte)random.Next(Math.Max(1, depth)));
                    break;
                case Opcode.LoadLocal or Opcode.StoreLocal:
                    code.Add((byte)random.Next(locals));
                    break;
                case Opcode.CallFunction:
                    code.Add(0);
                    break;
                case Opcode.Jump or Opcode.JumpIfFalse:
                    var target = starts[random.Next(starts.Count)];
                    code.Add((byte)(target >> 8));
                    code.Add((byte)target);
                    break;
            }
            depth = Math.Max(0, depth + (op switch { Opcode.PushInt or Opcode.PushBytes or Opcode.Dup or Opcode.LoadLocal => 1, _ => -1 }));
        }
        for (var extra = depth; extra > (returns == AbiType.U256 ? 1 : 0); extra--)
            code.Add((byte)Opcode.Pop);
        if (returns == AbiType.U256 && depth == 0)
            code.AddRange([(byte)Opcode.PushInt, 1, 5]);
        code.Add((byte)Opcode.Return);
        return Module.Encode([new FunctionInfo(0, 0x01020304, FunctionModifiers.Public, [], returns, locals, 0)], code.ToArray());
    }

    private static byte[] RandomInput(Random random)
    {
        var input = new byte[random.Next(0, 3) * 32 + random.Next(2) * random.Next(0, 8)];
        random.NextBytes(input);
        return input;
    }
}
