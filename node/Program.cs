using System.CommandLine;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Genesis;
using ChainNode.Native;
using ChainNode.Storage;
using ChainNode.Node;
using ChainNode.Node.Commands;
using ChainNode.Node.Hosting;

ThreadPoolCap.Apply();

var root = new RootCommand("chainnode: a permissioned PBFT blockchain validator")
{
    InitCommand.Create(),
    KeygenCommand.Create(),
    GenesisCommand.Create(),
    JoinCommand.Create(),
    RunCommand.Create(),
    DevnetCommand.Create(),
    BenchCommand.Create(),
    VerifyLedgerCommand.Create(),
    CheckGenesisCommand.Create(),
    SimulateCommand.Create(),
};

try
{
    // Our own handler below turns known failures into one line; anything else keeps its stack trace.
    return root.Parse(args).Invoke(new InvocationConfiguration
    {
        EnableDefaultExceptionHandler = false,
        // Ctrl-C / SIGTERM cancel the command's token; give a validator or a devnet time to stop cleanly.
        ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
    });
}
catch (MissingNativeLibraryException e)
{
    ReportError(e.Message);
    return ExitCodes.MissingNativeLibrary;
}
catch (Exception e) when (e is CommandException or GenesisException or StorageException or LedgerCorruptException or ChainNode.Consensus.Hosting.ConsensusStateCorruptException
                               or IOException or UnauthorizedAccessException)
{
    ReportError(e.Message);
    return ExitCodes.Error;
}

void ReportError(string message)
{
    if (args.Contains("--json"))
        ConsoleOutput.WriteJsonError(message);
    else
        Console.Error.WriteLine($"error: {message}");
}
