using System.CommandLine;
using ChainNode.Rpc.Api;
using ChainNode.Wallet.Keystore;

namespace ChainNode.Wallet.Cli;

/// <summary>What a command works with, resolved from the global options and the environment.</summary>
public sealed class WalletContext(ParseResult parse)
{
    public WalletHome Home { get; } = new();

    public bool Json { get; } = parse.GetValue(GlobalOptions.Json);

    public WalletOutput Output => new(Json);

    public KeyStore Keys => new(Home.KeystoreDirectory);

    public Passphrase Passphrase { get; } = new(parse.GetValue(GlobalOptions.PasswordFile));

    public Uri NodeUrl => Home.ResolveNode(parse.GetValue(GlobalOptions.Node));

    public NodeConnection Connect()
    {
        var node = NodeUrl;
        var trust = NodeTrust.For(node,
            parse.GetValue(GlobalOptions.CaFile) ?? Environment.GetEnvironmentVariable("CHAIN_WALLET_CA_FILE"),
            parse.GetValue(GlobalOptions.PinSha256) ?? Environment.GetEnvironmentVariable("CHAIN_WALLET_PIN_SHA256"));
        return new NodeConnection(node, trust);
    }
}
