using ChainNode.Node;

namespace ChainNode.LoadGenerator;

/// <summary>The --nodes list: API URLs the bench talks gRPC to, checked before any connection is tried.</summary>
public static class NodeUrls
{
    public static List<Uri> Parse(string list)
    {
        var urls = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseOne).ToList();
        return urls.Count > 0 ? urls : throw new CommandException("--nodes names no URL; give the nodes' API URLs, e.g. http://127.0.0.1:26700");
    }

    private static Uri ParseOne(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && !uri.IsDefaultPort
            ? uri
            : throw new CommandException($"'{text}' is not a node API URL: write it as http://host:port (https:// for a node serving TLS)");
}
