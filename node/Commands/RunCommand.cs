using System.CommandLine;
using ChainNode.Node.Home;
using ChainNode.Node.Hosting;

namespace ChainNode.Node.Commands;

/// <summary><c>chainnode run --home DIR</c>: runs one validator until Ctrl-C or SIGTERM.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var home = new Option<string>("--home") { Description = "The validator's home folder (from 'chainnode init').", Required = true };
        var genesis = new Option<string?>("--genesis")
        {
            Description = "The network's genesis.json: copied into the home on first run; afterwards it must be the same chain as the home's.",
        };
        var command = new Command("run", "Run one validator: consensus, mempool, public gRPC API and HTTP endpoints.") { home, genesis };
        command.SetAction((result, cancel) =>
        {
            var nodeHome = new NodeHome(result.GetValue(home)!);
            if (result.GetValue(genesis) is { } file)
                nodeHome.InstallGenesis(file);
            return ValidatorNode.RunAsync(nodeHome, cancel);
        });
        return command;
    }
}
