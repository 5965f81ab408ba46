using ChainNode.Contracts.Language;

namespace ChainNode.Contracts.Tests;

[TestClass]
public sealed class CompilerTests
{
    [TestMethod]
    public void Every_example_compiles_to_a_module_that_passes_the_deploy_checks()
    {
        foreach (var name in new[] { "token", "escrow", "voting" })
        {
            var compiled = ContractHarness.Example(name);
            Assert.IsTrue(compiled.Module.Length > 20, name);
            Assert.IsTrue(compiled.Abi.Functions.Count > 0, name);
        }
    }

    [TestMethod]
    public void The_abi_names_selectors_inputs_outputs_and_event_topics()
    {
        var token = ContractHarness.Example("token");
        var transfer = token.Abi.Find("transfer")!;
        Assert.AreEqual("transfer(address,u256)", transfer.Signature);
        Assert.AreEqual(8, transfer.Selector.Length);
        Assert.AreEqual("bool", transfer.Output);
        Assert.IsTrue(token.Abi.Find("balanceOf")!.View);
        Assert.IsNull(token.Abi.Find("move"), "private functions are not callable");
        Assert.AreEqual("Transfer(address,address,u256)", token.Abi.Events.Single(e => e.Name == "Transfer").Signature);
        Assert.IsNotNull(token.Abi.Constructor);
    }

    [TestMethod]
    [DataRow("contract C { pub fn f() -> u256 { return true; } }", 1, 42, "the return value must be u256, but this is bool")]
    [DataRow("contract C {\n  pub fn f() {\n    let x: u256 = y;\n  }\n}", 3, 19, "unknown name 'y'")]
    [DataRow("contract C {\n  storage s: u256;\n  pub view fn f() { s = 1; }\n}", 3, 21, "view function f cannot write storage")]
    [DataRow("contract C { pub fn f() { emit Nope(); } }", 1, 27, "no event named 'Nope'")]
    [DataRow("contract C { pub fn f() { let a: u256 = 1 + \"x\"; } }", 1, 45, "the right side of '+' must be u256")]
    [DataRow("contract C {\n  pub fn f( { }\n}", 2, 13, "expected a parameter name")]
    [DataRow("contract C { pub fn f() { require(1, \"m\"); } }", 1, 35, "a require condition must be bool")]
    [DataRow("contract C { storage m: map<u256, u256>; pub fn f() -> u256 { return m[1, 2]; } }", 1, 70, "'m' takes 1 keys, got 2")]
    [DataRow("contract C { pub fn f() { let s: bytes = \"open; } }", 1, 42, "string literal is not closed")]
    public void Errors_name_the_line_and_column(string source, int line, int column, string message)
    {
        var error = Assert.ThrowsExactly<CompileException>(() => Compiler.Compile(source));
        Assert.AreEqual((line, column), (error.Line, error.Column), error.Message);
        StringAssert.Contains(error.Problem, message);
    }
}
