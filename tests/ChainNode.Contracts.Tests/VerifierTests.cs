using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Vm;

namespace ChainNode.Contracts.Tests;

[TestClass]
public sealed class VerifierTests
{
    private static byte[] ModuleWith(byte[] code, AbiType returns = AbiType.None, int locals = 0) =>
        Module.Encode([new FunctionInfo(0, 0x01020304, FunctionModifiers.Public, [], returns, locals, 0)], code);

    private static string Rejection(byte[] module) =>
        Assert.ThrowsExactly<InvalidModuleException>(() => ModuleVerifier.Verify(Module.Parse(module, VmLimits.Default), VmLimits.Default)).Message;

    [TestMethod]
    public void Valid_code_passes()
    {
        var code = new byte[] { (byte)Opcode.PushInt, 1, 7, (byte)Opcode.Return };
        ModuleVerifier.Verify(Module.Parse(ModuleWith(code, AbiType.U256), VmLimits.Default), VmLimits.Default);
    }

    [TestMethod]
    public void Unknown_opcodes_bad_targets_and_stack_errors_are_refused_at_deploy()
    {
        StringAssert.Contains(Rejection(ModuleWith([0xEE, (byte)Opcode.Return])), "unknown opcode 0xee at 0");
        StringAssert.Contains(Rejection(ModuleWith([(byte)Opcode.Jump, 0, 2, (byte)Opcode.Return])), "not the start of an instruction");
        StringAssert.Contains(Rejection(ModuleWith([(byte)Opcode.Add, (byte)Opcode.Return])), "needs 2 values but the stack holds 0");
        StringAssert.Contains(Rejection(ModuleWith([(byte)Opcode.PushInt, 0, (byte)Opcode.Return])), "must leave exactly 0");
        StringAssert.Contains(Rejection(ModuleWith([(byte)Opcode.PushInt, 0])), "run past the end");
        StringAssert.Contains(Rejection(ModuleWith([(byte)Opcode.LoadLocal, 3, (byte)Opcode.Pop, (byte)Opcode.Return], locals: 1)), "local 3");
        StringAssert.Contains(Rejection(ModuleWith([(byte)Opcode.PushBytes, 0, 9])), "truncated");
        // A loop that pushes on every turn has no fixed depth at its head.
        StringAssert.Contains(Rejection(ModuleWith([(byte)Opcode.PushInt, 0, (byte)Opcode.Jump, 0, 0])), "on one path and");
    }

    [TestMethod]
    public void Malformed_layouts_are_refused_with_their_reason()
    {
        Assert.AreEqual("not a contract module (it does not start with \"CNVM\")",
            Assert.ThrowsExactly<InvalidModuleException>(() => Module.Parse("NOPE.."u8, VmLimits.Default)).Message);
        var tooBig = new byte[VmLimits.Default.MaxCodeBytes + 1];
        StringAssert.Contains(Assert.ThrowsExactly<InvalidModuleException>(() => Module.Parse(tooBig, VmLimits.Default)).Message, "limit");
    }
}
