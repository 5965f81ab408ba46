using ChainNode.Testing;

namespace ChainNode.Consensus.Tests.Traces;

/// <summary>
/// Runs every testdata/*.txt consensus trace as its own test: each command's output must equal
/// the block under it. With CHAINNODE_REWRITE_TRACES=1 the blocks are rewritten from the actual
/// output instead (review the diff like code); <c>check</c> commands still fail. See testdata/README.md.
/// </summary>
[TestClass]
public sealed class TraceScriptTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "ChainNode.Consensus.Tests", "testdata");

    private static bool Rewrite => Environment.GetEnvironmentVariable("CHAINNODE_REWRITE_TRACES") == "1";

    public static IEnumerable<object[]> Scripts =>
        Directory.GetFiles(Folder, "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(name => new object[] { name! });

    [TestMethod]
    [DynamicData(nameof(Scripts))]
    public void Trace_script_produces_the_expected_output_after_every_command(string file)
    {
        var path = Path.Combine(Folder, file);
        var script = TraceScript.Parse(File.ReadAllText(path));
        var runner = new TraceRunner();
        var outputs = new List<string>();
        foreach (var command in script.Commands)
        {
            string actual;
            try
            {
                actual = runner.Run(command);
            }
            catch (Exception e) when (e is TraceScriptException or TraceCheckFailedException)
            {
                Assert.Fail($"{file}:{command.Line}: {command}: {e.Message}");
                return;
            }
            outputs.Add(actual);
            if (!Rewrite && actual != command.Expected)
                Assert.Fail(Difference(file, command, actual));
        }
        Assert.IsNotEmpty(outputs, $"{file} holds no commands");
        if (Rewrite)
            File.WriteAllText(path, script.WithOutputs(outputs));
    }

    private static string Difference(string file, TraceCommand command, string actual)
    {
        var expected = command.Expected.Split('\n');
        var lines = actual.Split('\n');
        var first = Enumerable.Range(0, Math.Max(expected.Length, lines.Length)).First(i => expected.ElementAtOrDefault(i) != lines.ElementAtOrDefault(i));
        var nl = Environment.NewLine;
        return $"{file}:{command.Line}: '{command}' output differs at its line {first + 1}:{nl}"
            + $"expected: {expected.ElementAtOrDefault(first) ?? "(nothing)"}{nl}actual:   {lines.ElementAtOrDefault(first) ?? "(nothing)"}{nl}"
            + $"whole actual output (CHAINNODE_REWRITE_TRACES=1 rewrites the file):{nl}{actual}";
    }
}
