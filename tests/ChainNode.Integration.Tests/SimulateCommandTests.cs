namespace ChainNode.Integration.Tests;

[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class SimulateCommandTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Simulate_ends_with_the_summary_line_and_exit_code()
    {
        var result = await ChainnodeProcess.RunAsync("simulate", "--validators", "4", "--byzantine", "1", "--seeds", "4", "--first-seed", "42", "--ticks", "150");
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        var lastLine = result.StandardOutput.TrimEnd().Split('\n')[^1];
        Assert.AreEqual("seeds: 4, safety violations: 0, liveness failures: 0", lastLine);
        StringAssert.Contains(result.StandardError, "seeds 4/4 (100%)");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Bad_arguments_are_a_clear_error()
    {
        var result = await ChainnodeProcess.RunAsync("simulate", "--validators", "4", "--byzantine", "9");
        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.StandardError, "--byzantine");
    }
}
