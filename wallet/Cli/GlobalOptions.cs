using System.CommandLine;

namespace ChainNode.Wallet.Cli;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Node = new("--node")
    {
        Description = "Node API URL (default: $CHAIN_WALLET_NODE, then \"node\" in the wallet's config.json, then http://127.0.0.1:26700).",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object on stdout (errors as JSON on stderr).", Recursive = true };

    public static readonly Option<string?> PasswordFile = new("--password-file")
    {
        Description = "Read the passphrase from the first line of this file (else $CHAIN_WALLET_PASSWORD, else a prompt).",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Node);
        root.Options.Add(Json);
        root.Options.Add(PasswordFile);
    }
}
