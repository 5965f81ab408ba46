using System.Globalization;
using System.Text.RegularExpressions;

namespace ChainNode.Node.Testing;

/// <summary>Reads one series' value out of Prometheus text as /metrics renders it.</summary>
public static class MetricsText
{
    public static double Value(string rendered, string series)
    {
        var match = Regex.Match(rendered, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.IsTrue(match.Success, $"{series} is missing from:\n{rendered}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
