using System.Text.Json;
using Spectre.Console;

namespace ChainNode.Wallet.Cli;

/// <summary>
/// Results as one JSON object (--json), as a table when a terminal is attached, or as plain
/// "label: value" lines when piped.
/// </summary>
public sealed class WalletOutput(bool json)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public bool IsJson => json;

    private static bool Terminal => !Console.IsOutputRedirected;

    public void Fields(object data, IEnumerable<(string Label, string? Value)> fields)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(data, JsonOptions));
            return;
        }
        var rows = fields.Where(f => f.Value is not null).ToList();
        if (Terminal)
        {
            var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn("");
            foreach (var (label, value) in rows)
                table.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(value!));
            AnsiConsole.Write(table);
            return;
        }
        foreach (var (label, value) in rows)
            Console.Out.WriteLine($"{label}: {value}");
    }

    public void Table(object data, string[] headers, IEnumerable<string[]> rows)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(data, JsonOptions));
            return;
        }
        if (Terminal)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in headers)
                table.AddColumn(header);
            foreach (var row in rows)
                table.AddRow(row.Select(cell => new Text(cell)).ToArray());
            AnsiConsole.Write(table);
            return;
        }
        Console.Out.WriteLine(string.Join('\t', headers));
        foreach (var row in rows)
            Console.Out.WriteLine(string.Join('\t', row));
    }

    /// <summary>A line for people only (nothing in --json mode), on stderr so stdout stays the result.</summary>
    public void Note(string text)
    {
        if (!json)
            Console.Error.WriteLine(text);
    }

    public static void Error(bool json, string message, int exitCode)
    {
        if (json)
            Console.Error.WriteLine(JsonSerializer.Serialize(new { error = message, exitCode }, JsonOptions));
        else
            Console.Error.WriteLine($"error: {message}");
    }
}
