using ChainNode.Ledger.Crypto;
using ChainNode.Node.Commands;
using ChainNode.Node.Configuration;

namespace ChainNode.Node.Home;

/// <summary>
/// A validator home made at its owner's site ('chainnode keygen', 'chainnode join'), and the
/// public parts the owner hands to the others: the public key, the peer address and the proof of
/// possession. The private key never leaves the home.
/// </summary>
public sealed record NewValidator(string Home, string PublicKey, string PeerAddress, string ProofOfPossession, string ApiListen, string HttpListen)
{
    /// <summary>Writes config.json, validator.key and data/ into <paramref name="directory"/>, which must be absent or empty.</summary>
    public static NewValidator Create(string directory, string host, int basePort, Action<NodeConfig>? configure = null)
    {
        NodeHome.RequireAbsentOrEmpty(directory);
        NetworkLayout.RequireRoomForPorts(basePort, 1);
        var config = NetworkLayout.ConfigFor("", host, basePort, 0);
        if (!NodeConfigFile.TryParseEndpoint(config.PeerListen, out _))
            throw new CommandException($"--host '{host}' is not an IP address (the node listens on it)");
        configure?.Invoke(config);
        var key = PrivateKey.Generate();
        var home = new NodeHome(directory);
        home.Initialize(config, key);
        return new NewValidator(home.Path, key.PublicKey.ToString(), config.PeerListen, Convert.ToHexStringLower(Ledger.Governance.ProofOfPossession.Create(key)),
            config.ApiListen, config.HttpListen);
    }

    public void PrintFields()
    {
        Console.WriteLine($"  public key           {PublicKey}");
        Console.WriteLine($"  peer address         {PeerAddress}");
        Console.WriteLine($"  proof of possession  {ProofOfPossession}");
        Console.WriteLine($"  api / http           {ApiListen} / {HttpListen}");
    }
}
