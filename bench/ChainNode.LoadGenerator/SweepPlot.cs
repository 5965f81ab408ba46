using System.Globalization;
using System.Text;

namespace ChainNode.LoadGenerator;

/// <summary>
/// An SVG chart of a load sweep: committed tx/s (left axis, bars) and p99 submit-to-commit
/// latency (right axis, line) for each offered load, with the signature ceiling marked.
/// </summary>
public static class SweepPlot
{
    public static string Render(IReadOnlyList<BenchReport> runs, double ceiling, string title)
    {
        const int width = 760, height = 420, left = 70, right = 70, top = 50, bottom = 60;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var maxRate = Math.Max(ceiling, runs.Max(r => r.CommittedPerSecond)) * 1.1;
        var maxLatency = Math.Max(1000, runs.Max(r => r.LatencyP99Ms)) * 1.1;
        var slot = plotWidth / (double)runs.Count;
        var svg = new StringBuilder();
        string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" stroke=\"#333\"/>\n");
        for (var i = 0; i <= 4; i++)
        {
            var y = top + plotHeight - plotHeight * i / 4.0;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{F(y)}\" x2=\"{left + plotWidth}\" y2=\"{F(y)}\" stroke=\"#eee\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\" fill=\"#2f6feb\">{maxRate * i / 4:N0}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotWidth + 6}\" y=\"{F(y + 4)}\" fill=\"#c98a00\">{maxLatency * i / 4:N0}</text>\n");
        }
        var ceilingY = top + plotHeight - plotHeight * ceiling / maxRate;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{F(ceilingY)}\" x2=\"{left + plotWidth}\" y2=\"{F(ceilingY)}\" stroke=\"#d92d20\" stroke-dasharray=\"6 4\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 4}\" y=\"{F(ceilingY - 5)}\" fill=\"#d92d20\">signature ceiling {ceiling:N0} tx/s</text>\n");
        var points = new List<string>();
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var x = left + slot * i + slot * 0.2;
            var barHeight = plotHeight * run.CommittedPerSecond / maxRate;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(top + plotHeight - barHeight)}\" width=\"{F(slot * 0.6)}\" height=\"{F(barHeight)}\" fill=\"#2f6feb\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + slot * 0.3)}\" y=\"{F(top + plotHeight - barHeight - 4)}\" text-anchor=\"middle\" font-size=\"11\">{run.CommittedPerSecond:N0}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + slot * 0.3)}\" y=\"{top + plotHeight + 18}\" text-anchor=\"middle\">{Escape(run.OfferedRate)}</text>\n");
            points.Add($"{F(x + slot * 0.3)},{F(top + plotHeight - plotHeight * run.LatencyP99Ms / maxLatency)}");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', points)}\" fill=\"none\" stroke=\"#c98a00\" stroke-width=\"2.5\"/>\n");
        foreach (var point in points)
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{point.Split(',')[0]}\" cy=\"{point.Split(',')[1]}\" r=\"3.5\" fill=\"#c98a00\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotWidth / 2}\" y=\"{height - 18}\" text-anchor=\"middle\">offered load</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{top + plotHeight / 2}\" fill=\"#2f6feb\" transform=\"rotate(-90 16 {top + plotHeight / 2})\" text-anchor=\"middle\">committed tx/s (bars)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - 14}\" y=\"{top + plotHeight / 2}\" fill=\"#c98a00\" transform=\"rotate(90 {width - 14} {top + plotHeight / 2})\" text-anchor=\"middle\">p99 latency ms (line)</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
