using System.CommandLine;
using ChainNode.Consensus.Hosting;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Genesis;
using ChainNode.Native;
using ChainNode.Storage;

namespace ChainNode.Node.Commands;

/// <summary>
/// Runs a command line the way every ChainNode program does (chainnode, and chainnode-bench,
/// which lives outside the validator's assembly): known failures become one line, or one JSON
/// object with --json, and an exit code from <see cref="ExitCodes"/>.
/// </summary>
public static class CommandRunner
{
    public static int Invoke(RootCommand root, string[] args)
    {
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
            ReportError(e.Message, args);
            return ExitCodes.MissingNativeLibrary;
        }
        catch (Exception e) when (e is CommandException or GenesisException or StorageException or LedgerCorruptException or ConsensusStateCorruptException
                                       or IOException or UnauthorizedAccessException)
        {
            ReportError(e.Message, args);
            return ExitCodes.Error;
        }
    }

    private static void ReportError(string message, string[] args)
    {
        if (args.Contains("--json"))
            ConsoleOutput.WriteJsonError(message);
        else
            Console.Error.WriteLine($"error: {message}");
    }
}
