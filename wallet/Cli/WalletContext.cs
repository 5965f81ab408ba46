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

    public NodeConnection Connect() => new(NodeUrl);
}
