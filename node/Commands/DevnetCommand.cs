using System.CommandLine;
using ChainNode.Node.Configuration;
using ChainNode.Node.Devnet;

namespace ChainNode.Node.Commands;

/// <summary>
/// <c>chainnode devnet</c>: creates a local development network if absent (well-known keys,
/// matching the repository's genesis.json), runs its validators as separate processes and
/// supervises them until Ctrl-C.
/// </summary>
public static class DevnetCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "Where the devnet lives; created with 'init --insecure-dev-keys' if absent.", DefaultValueFactory = _ => ".devnet" };
        var validators = new Option<int>("--validators") { Description = "Validators to create (only used when creating).", DefaultValueFactory = _ => 4 };
        var basePort = new Option<int>("--base-port") { Description = "Peer ports start here; API at +100, HTTP at +200 (only used when creating).", DefaultValueFactory = _ => 26600 };
        var command = new Command("devnet", "Create (if absent) and run a local network of validator processes; Ctrl-C stops them all.") { dir, validators, basePort };
        command.SetAction(async (result, cancel) =>
        {
            var directory = Path.GetFullPath(result.GetValue(dir)!);
            if (!File.Exists(Path.Combine(directory, NetworkLayout.NetworkFileName)))
            {
                new NetworkLayout { Validators = result.GetValue(validators), BasePort = result.GetValue(basePort), InsecureDevKeys = true }.Write(directory);
                Console.WriteLine($"Created a devnet in {directory} (well-known insecure keys: for development only).");
            }
            var network = NetworkDescription.Load(directory);
            // Ctrl-C and SIGTERM cancel this token (System.CommandLine); the children are stopped first.
            return await new DevnetSupervisor(directory, network, Console.Out).RunAsync(cancel);
        });
        return command;
    }
}
