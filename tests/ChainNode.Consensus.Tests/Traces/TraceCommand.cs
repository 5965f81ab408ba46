namespace ChainNode.Consensus.Tests.Traces;

/// <summary>
/// One command of a trace script: its name and arguments (<c>deliver from=0 kind=PREPARE</c>),
/// the 1-based line it is on, and the output the script expects from it.
/// </summary>
internal sealed record TraceCommand(string Name, IReadOnlyList<(string Key, string? Value)> Args, int Line, string Expected)
{
    public bool Has(string key) => Args.Any(a => a.Key == key);

    public string? Value(string key) => Args.LastOrDefault(a => a.Key == key).Value;

    public int Int(string key, int fallback) => Value(key) is { } text ? Parse(key, text) : fallback;

    /// <summary>A list argument, <c>r=1,2</c>; null when absent.</summary>
    public IReadOnlyList<int>? Ints(string key) =>
        Value(key) is { } text ? text.Trim('(', ')').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => Parse(key, t)).ToList() : null;

    public int RequiredInt(string key) =>
        Value(key) is { } text ? Parse(key, text) : throw new TraceScriptException($"{Name} needs {key}=N");

    private int Parse(string key, string text) =>
        int.TryParse(text.TrimStart('r'), out var value) ? value : throw new TraceScriptException($"{Name}: {key}={text} is not a number");

    public override string ToString() => string.Join(' ', Args.Select(a => a.Value is null ? a.Key : $"{a.Key}={a.Value}").Prepend(Name));
}

/// <summary>A script that cannot be run as written (unknown command, bad argument): the script's author's mistake.</summary>
internal sealed class TraceScriptException(string message) : Exception(message);
