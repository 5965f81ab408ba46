namespace ChainNode.Consensus.Tests.Traces;

/// <summary>
/// A trace script in the datadriven format of etcd-io/raft's testdata: a command line
/// (<c>name key=value ...</c>), a <c>----</c> line, then the expected output up to the next blank
/// line. Lines starting with <c>#</c> between commands are comments. The text is kept so that
/// <see cref="WithOutputs"/> can rewrite the expected blocks and leave everything else alone.
/// </summary>
internal sealed class TraceScript
{
    private const string Separator = "----";
    private readonly string[] _lines;
    private readonly List<(int OutputStart, int OutputEnd)> _blocks;

    private TraceScript(string[] lines, List<TraceCommand> commands, List<(int, int)> blocks)
    {
        _lines = lines;
        Commands = commands;
        _blocks = blocks;
    }

    public IReadOnlyList<TraceCommand> Commands { get; }

    public static TraceScript Parse(string text)
    {
        var lines = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var commands = new List<TraceCommand>();
        var blocks = new List<(int, int)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (i + 1 >= lines.Length || lines[i + 1].Trim() != Separator)
                throw new TraceScriptException($"line {i + 1}: '{line}' is not followed by a '{Separator}' line");
            var start = i + 2;
            var end = start;
            while (end < lines.Length && lines[end].Trim().Length > 0)
                end++;
            commands.Add(ParseCommand(line, i + 1, string.Join('\n', lines[start..end])));
            blocks.Add((start, end));
            i = end;
        }
        return new TraceScript(lines, commands, blocks);
    }

    /// <summary>The script with each command's expected block replaced by <paramref name="outputs"/> (rewrite mode).</summary>
    public string WithOutputs(IReadOnlyList<string> outputs)
    {
        var text = new List<string>();
        var next = 0;
        for (var i = 0; i < _blocks.Count; i++)
        {
            text.AddRange(_lines[next.._blocks[i].OutputStart]);
            text.AddRange(outputs[i].Split('\n'));
            next = _blocks[i].OutputEnd;
        }
        text.AddRange(_lines[next..]);
        return string.Join('\n', text) + '\n';
    }

    private static TraceCommand ParseCommand(string line, int number, string expected)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var args = words.Skip(1).Select(word => word.IndexOf('=') is var eq and > 0 ? (word[..eq], (string?)word[(eq + 1)..]) : (word, null)).ToList();
        return new TraceCommand(words[0], args, number, expected);
    }
}
