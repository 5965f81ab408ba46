using System.Diagnostics;

namespace ChainNode.Node.Commands;

/// <summary>
/// Progress of long work on stderr: one line rewritten in place on a terminal, and at most one
/// line every few seconds otherwise, so logs stay readable.
/// </summary>
public sealed class ProgressLine(string label, ulong total, bool enabled) : IProgress<ulong>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private TimeSpan? _lastShown;

    public void Report(ulong value)
    {
        if (!enabled)
            return;
        var now = _clock.Elapsed;
        var interval = _terminal ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(5);
        if (_lastShown is { } last && now - last < interval && value < total)
            return;
        _lastShown = now;
        var percent = total == 0 ? 100 : value * 100 / total;
        var text = $"{label} {value:N0}/{total:N0} ({percent}%)";
        if (_terminal)
            Console.Error.Write($"\r{text}   ");
        else
            Console.Error.WriteLine(text);
    }

    public void Finish()
    {
        if (enabled && _terminal && _lastShown is not null)
            Console.Error.WriteLine();
    }
}
