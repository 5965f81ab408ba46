using System.CommandLine;
using ChainNode.Node.Configuration;

namespace ChainNode.Node.Commands;

/// <summary><c>chainnode init --validators N --out DIR</c>: writes a complete local network.</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var validators = new Option<int>("--validators") { Description = "Number of validators (n = 3f+1 tolerates f faults).", DefaultValueFactory = _ => 4 };
        var output = new Option<string>("--out") { Description = "Folder to create (must be absent or empty).", Required = true };
        var members = new Option<int>("--members") { Description = "Funded member accounts to create keys for.", DefaultValueFactory = _ => 4 };
        var chainId = new Option<string>("--chain-id") { Description = "Chain id written into genesis and every tx.", DefaultValueFactory = _ => "chainnode-local" };
        var basePort = new Option<int>("--base-port") { Description = "Peer ports start here; API ports at +100, HTTP at +200.", DefaultValueFactory = _ => 26600 };
        var host = new Option<string>("--host") { Description = "IP address every node listens on.", DefaultValueFactory = _ => "127.0.0.1" };
        var devKeys = new Option<bool>("--insecure-dev-keys") { Description = "Derive keys from published labels (reproduces the repository's genesis.json). Never for real networks." };
        var gasPrice = new Option<ulong>("--gas-price") { Description = "Coins per unit of gas (a transfer uses 21,000); 0 moves no fees.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("init", "Create a network: genesis, one home folder per validator, and funded member keys.")
        {
            validators, output, members, chainId, basePort, host, gasPrice, devKeys, json,
        };
        command.SetAction(result =>
        {
            var layout = new NetworkLayout
            {
                Validators = result.GetValue(validators),
                Members = result.GetValue(members),
                ChainId = result.GetValue(chainId)!,
                BasePort = result.GetValue(basePort),
                Host = result.GetValue(host)!,
                InsecureDevKeys = result.GetValue(devKeys),
                GasPrice = result.GetValue(gasPrice),
            };
            var directory = Path.GetFullPath(result.GetValue(output)!);
            var network = layout.Write(directory);
            if (result.GetValue(json))
            {
                ConsoleOutput.WriteJson(new { directory, network.ChainId, network.Nodes, network.Members });
                return ExitCodes.Ok;
            }
            Console.WriteLine($"Created network '{network.ChainId}' in {directory}");
            foreach (var node in network.Nodes)
                Console.WriteLine($"  {node.Name,-14} home {node.Home,-8} api {node.ApiUrl,-24} http {node.HttpUrl,-24} peer {node.PeerAddress}");
            Console.WriteLine($"  member keys    {Path.Combine(directory, "members")} ({network.Members.Count} funded accounts)");
            Console.WriteLine($"Start a validator with: chainnode run --home {Path.Combine(directory, network.Nodes[0].Home)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
