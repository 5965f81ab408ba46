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

    public static readonly Option<string?> CaFile = new("--ca-file")
    {
        Description = "For an https:// node: trust certificates issued by the CA certificates in this PEM file (else $CHAIN_WALLET_CA_FILE, else the system's CAs).",
        Recursive = true,
    };

    public static readonly Option<string?> PinSha256 = new("--pin-sha256")
    {
        Description = "For an https:// node: accept exactly the certificate with this SHA-256 fingerprint, e.g. a node's self-signed one (else $CHAIN_WALLET_PIN_SHA256).",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Node);
        root.Options.Add(CaFile);
        root.Options.Add(PinSha256);
        root.Options.Add(Json);
        root.Options.Add(PasswordFile);
    }
}
