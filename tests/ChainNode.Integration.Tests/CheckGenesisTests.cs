using ChainNode.Testing;

namespace ChainNode.Integration.Tests;

[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class CheckGenesisTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task The_root_genesis_checks_clean()
    {
        var result = await ChainnodeProcess.RunAsync("check-genesis", Path.Combine(RepoPaths.Root, "genesis.json"));
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        StringAssert.Contains(result.StandardOutput, "valid genesis for chain 'chainnode-devnet'");
        StringAssert.Contains(result.StandardOutput, "tolerates f = 1, quorum 3");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task A_broken_genesis_lists_its_fields()
    {
        using var dir = new TempDirectory("check-genesis");
        var path = dir.Combine("genesis.json");
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "genesis.json")).Replace("\"chainnode-devnet\"", "\"\"", StringComparison.Ordinal);
        File.WriteAllText(path, text);
        var result = await ChainnodeProcess.RunAsync("check-genesis", path);
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.StandardOutput, "chainId: must be");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Blocks_too_large_for_a_view_change_to_carry_are_refused_with_the_largest_that_fits()
    {
        using var dir = new TempDirectory("check-genesis");
        var path = dir.Combine("genesis.json");
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "genesis.json")).Replace("\"maxBlockBytes\": 4194304", "\"maxBlockBytes\": 16777216", StringComparison.Ordinal);
        Assert.Contains("16777216", text);
        File.WriteAllText(path, text);
        var result = await ChainnodeProcess.RunAsync("check-genesis", path, "--json");
        Assert.AreEqual(1, result.ExitCode, result.StandardOutput + result.StandardError);
        StringAssert.Contains(result.StandardOutput, "consensus.maxBlockBytes: 16777216 is too large for 4 validators");
    }
}
