using Microsoft.AspNetCore.Http;

namespace ChainNode.Node.Explorer;

/// <summary>The explorer page's files, embedded in the binary: no CDN, nothing fetched from elsewhere.</summary>
public static class ExplorerAssets
{
    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Files = Load();

    public static Task ServeAsync(HttpContext context, string path)
    {
        var file = Files[path];
        context.Response.ContentType = file.ContentType;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return context.Response.Body.WriteAsync(file.Bytes).AsTask();
    }

    public static bool Has(string path) => Files.ContainsKey(path);

    private static Dictionary<string, (string, byte[])> Load()
    {
        var assembly = typeof(ExplorerAssets).Assembly;
        var files = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("explorer/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var path = "/" + name["explorer/".Length..];
            var type = Path.GetExtension(path) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            };
            files[path] = (type, memory.ToArray());
        }
        return files;
    }
}
