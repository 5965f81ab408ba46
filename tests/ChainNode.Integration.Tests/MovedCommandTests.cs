namespace ChainNode.Integration.Tests;

/// <summary>A command that moved to another program says where it went, as one line.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class MovedCommandTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Chainnode_bench_points_to_chainnode_bench_with_one_line_and_a_failing_exit()
    {
        var result = await ChainnodeProcess.RunAsync("bench", "--validators", "4", "--rate", "max");
        Assert.AreNotEqual(0, result.ExitCode);
        var output = (result.StandardError + result.StandardOutput).Trim();
        StringAssert.Contains(output, "chainnode-bench");
        StringAssert.Contains(output, "bench/ChainNode.LoadGenerator");
        Assert.AreEqual(1, output.Split('\n').Length, output);
    }
}
