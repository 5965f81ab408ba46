using System.CommandLine;
using ChainNode.Ledger.Genesis;
using ChainNode.Node.Configuration;
using ChainNode.Node.Home;

namespace ChainNode.Node.Commands;

/// <summary>
/// <c>chainnode join --genesis FILE --out DIR</c>: a home for a new validator of a running
/// network. Its first peers are genesis's validators; the admins add it with
/// <c>chain-wallet admin validator add</c>, and it votes from the switch height.
/// </summary>
public static class JoinCommand
{
    public static Command Create()
    {
        var genesisFile = new Option<string>("--genesis") { Description = "The network's genesis.json.", Required = true };
        var output = new Option<string>("--out") { Description = "Home folder to create (must be absent or empty).", Required = true };
        var host = KeygenCommand.HostOption();
        var basePort = KeygenCommand.BasePortOption();
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("join", "Make a home for a new validator of an existing network; print what the admins need to add it.")
        {
            genesisFile, output, host, basePort, json,
        };
        command.SetAction(result =>
        {
            var path = result.GetValue(genesisFile)!;
            var genesis = GenesisLoader.LoadFile(path);
            var peerAddress = $"{result.GetValue(host)}:{result.GetValue(basePort)}";
            if (genesis.Validators.Validators.FirstOrDefault(v => string.Equals(v.NetworkAddress, peerAddress, StringComparison.OrdinalIgnoreCase)) is { } taken)
                throw new CommandException($"{peerAddress} is validator '{taken.Name}''s peer address in genesis; choose another --host or --base-port");
            var made = NewValidator.Create(result.GetValue(output)!, result.GetValue(host)!, result.GetValue(basePort), config =>
                config.Peers.Bootstrap = genesis.Validators.Validators.Select(v => new NodeConfig.BootstrapPeer
                {
                    Name = v.Name,
                    PublicKey = v.PublicKey.ToString(),
                    NetworkAddress = v.NetworkAddress,
                }).ToList());
            File.Copy(path, new NodeHome(made.Home).GenesisFile);
            if (result.GetValue(json))
            {
                ConsoleOutput.WriteJson(new { made.Home, made.PublicKey, made.PeerAddress, made.ProofOfPossession, made.ApiListen, made.HttpListen, genesis.ChainId });
                return ExitCodes.Ok;
            }
            Console.WriteLine($"Created validator home {made.Home} for chain '{genesis.ChainId}' ({genesis.Validators.Count} genesis validators as first peers)");
            made.PrintFields();
            Console.WriteLine("Ask the admins to add this validator (choose NAME with them):");
            Console.WriteLine($"  chain-wallet admin validator add --name NAME --pubkey {made.PublicKey} --peer {made.PeerAddress} --pop {made.ProofOfPossession} --from ADMIN_KEY");
            Console.WriteLine($"Start it now; it catches up and votes once the change takes effect: chainnode run --home {made.Home}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
