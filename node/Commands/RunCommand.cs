using System.CommandLine;
using ChainNode.Node.Hosting;
using ChainNode.Node.Home;

namespace ChainNode.Node.Commands;

/// <summary><c>chainnode run --home DIR</c>: runs one validator until Ctrl-C or SIGTERM.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var home = new Option<string>("--home") { Description = "The validator's home folder (from 'chainnode init').", Required = true };
        var command = new Command("run", "Run one validator: consensus, mempool, public gRPC API and HTTP endpoints.") { home };
        command.SetAction((result, cancel) => ValidatorNode.RunAsync(new NodeHome(result.GetValue(home)!), cancel));
        return command;
    }
}
