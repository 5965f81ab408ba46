using System.CommandLine;
using ChainNode.Node.Commands;
using ChainNode.Node.Hosting;

ThreadPoolCap.Apply();

// The load generator is its own program (bench/ChainNode.LoadGenerator, chainnode-bench): it stays out of the validator's assembly.
var root = new RootCommand("chainnode: a permissioned PBFT blockchain validator")
{
    InitCommand.Create(),
    KeygenCommand.Create(),
    GenesisCommand.Create(),
    JoinCommand.Create(),
    RunCommand.Create(),
    DevnetCommand.Create(),
    VerifyLedgerCommand.Create(),
    CheckGenesisCommand.Create(),
    SimulateCommand.Create(),
    MovedCommand.Create("bench", "chainnode-bench", "dotnet run -c Release --project bench/ChainNode.LoadGenerator -- <the same options>"),
};

return CommandRunner.Invoke(root, args);
