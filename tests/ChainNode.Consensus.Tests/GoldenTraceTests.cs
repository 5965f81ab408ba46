using ChainNode.Testing;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// The exact message exchange of the normal case and of one view change, compared with the
/// checked-in traces under Golden/. After an intended protocol change, regenerate them with
/// CHAINNODE_UPDATE_GOLDEN=1 and review the diff like code.
/// </summary>
[TestClass]
public sealed class GoldenTraceTests
{
    private static void AssertMatchesGolden(string name, string actual)
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "ChainNode.Consensus.Tests", "Golden", name);
        if (Environment.GetEnvironmentVariable("CHAINNODE_UPDATE_GOLDEN") == "1")
            File.WriteAllText(path, actual);
        Assert.IsTrue(File.Exists(path), $"{path} is missing; create it with CHAINNODE_UPDATE_GOLDEN=1");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual)
            return;
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var first = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], Math.Min(expectedLines.Length, actualLines.Length));
        Assert.Fail($"{name} differs at line {first + 1}:{Environment.NewLine}expected: {expectedLines.ElementAtOrDefault(first)}{Environment.NewLine}actual:   {actualLines.ElementAtOrDefault(first)}");
    }

    [TestMethod]
    public void Normal_case_matches_its_golden_trace()
    {
        var trace = new GoldenHarness(validators: 4, timeoutTicks: 20).RunUntilCommitted(height: 2, maxTicks: 40);
        StringAssert.Contains(trace, "heights [2,2,2,2], views [0,0,0,0]");
        AssertMatchesGolden("normal-case.txt", trace);
    }

    [TestMethod]
    public void View_change_after_a_silent_primary_matches_its_golden_trace()
    {
        var trace = new GoldenHarness(validators: 4, timeoutTicks: 4, silent: 0).RunUntilCommitted(height: 1, maxTicks: 40);
        StringAssert.Contains(trace, "NEW-VIEW v=1");
        StringAssert.Contains(trace, "views [1,1,1,1]");
        AssertMatchesGolden("view-change.txt", trace);
    }
}
