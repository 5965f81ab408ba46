using System.Text.Json;

namespace ChainNode.Wallet.Cli;

/// <summary>
/// Where the wallet keeps its keystore and config: $CHAIN_WALLET_HOME, or ~/.chain-wallet.
/// config.json may set "node" (the default --node).
/// </summary>
public sealed class WalletHome
{
    public const string DevnetNode = "http://127.0.0.1:26700";

    public WalletHome(string? path = null)
    {
        Path = path ?? Environment.GetEnvironmentVariable("CHAIN_WALLET_HOME")
            ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".chain-wallet");
    }

    public string Path { get; }

    public string KeystoreDirectory => System.IO.Path.Combine(Path, "keys");

    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");

    /// <summary>--node, else $CHAIN_WALLET_NODE, else config.json's "node", else the devnet's first validator.</summary>
    public Uri ResolveNode(string? option)
    {
        var text = option ?? Environment.GetEnvironmentVariable("CHAIN_WALLET_NODE") ?? ConfiguredNode() ?? DevnetNode;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new WalletException(ExitCodes.BadInput, $"node URL '{text}' is not an http:// or https:// URL like {DevnetNode}");
        return uri;
    }

    private string? ConfiguredNode()
    {
        if (!File.Exists(ConfigFile))
            return null;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(ConfigFile));
            return json.RootElement.TryGetProperty("node", out var node) ? node.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new WalletException(ExitCodes.BadInput, $"{ConfigFile} is not valid JSON: {e.Message}");
        }
    }
}
