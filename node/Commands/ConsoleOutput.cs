using System.Text.Json;

namespace ChainNode.Node.Commands;

/// <summary>Writes results either as text for people or as one JSON object for scripts (--json).</summary>
public static class ConsoleOutput
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
    };

    public static void WriteJson(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    public static void WriteJsonError(string message) => Console.Error.WriteLine(JsonSerializer.Serialize(new { error = message }, Json));
}
