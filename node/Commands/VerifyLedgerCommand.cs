using System.CommandLine;
using System.Diagnostics;
using ChainNode.Contracts.Host;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Genesis;
using ChainNode.Node.Home;
using ChainNode.Node.Hosting;
using ChainNode.Storage;

namespace ChainNode.Node.Commands;

/// <summary><c>chainnode verify-ledger --home DIR</c>: re-checks the stored chain and names the first bad height.</summary>
public static class VerifyLedgerCommand
{
    public static Command Create()
    {
        var home = new Option<string>("--home") { Description = "The validator's home folder (holds genesis.json and data/).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var replay = new Option<bool>("--replay")
        {
            Description = "Also re-execute every block in memory from genesis: checks every state root, and takes each height's validator set from the state as executed up to the block before (holds the whole state in memory).",
        };
        var command = new Command("verify-ledger", "Re-check every stored block: hash links, Merkle roots, tx signatures, and commit certificates against the validator set in force at each height.")
        {
            home,
            json,
            replay,
        };
        command.SetAction(result => Run(new NodeHome(result.GetValue(home)!), result.GetValue(json), result.GetValue(replay)));
        return command;
    }

    private static int Run(NodeHome home, bool json, bool replay)
    {
        home.RequireExists();
        var genesis = GenesisLoader.LoadFile(home.GenesisFile);
        var clock = Stopwatch.StartNew();
        LedgerVerification result;
        try
        {
            using var ledger = NodeLedger.OpenLevelDb(home.DataDirectory, genesis, createIfMissing: false, progress: json ? null : Console.Error.WriteLine);
            var chain = ledger.Chain;
            var progress = new ProgressLine("verifying block", chain.Height, enabled: !json);
            // Without --replay each certificate is checked against the set the stored epoch
            // history puts in force at its height (epochs are fixed before they start).
            var executor = replay ? new BlockExecutor(genesis.ChainId, new TransactionExecutor(new ContractRuntime())) : null;
            result = LedgerVerifier.Verify(chain, progress, executor);
            progress.Finish();
        }
        catch (LedgerCorruptException e)
        {
            result = new LedgerVerification(false, 0, null, 0, e.Message);
        }
        catch (StorageException e) when (e.IsCorruption)
        {
            result = new LedgerVerification(false, 0, null, 0, e.Message);
        }
        var seconds = clock.Elapsed.TotalSeconds;

        if (json)
        {
            ConsoleOutput.WriteJson(new
            {
                ok = result.Ok,
                head = result.HeadHeight,
                firstBadHeight = result.FirstBadHeight,
                transactions = result.TransactionsChecked,
                problem = result.Problem,
                seconds = Math.Round(seconds, 3),
            });
        }
        else if (result.Ok)
        {
            Console.WriteLine($"ledger OK: blocks 0..{result.HeadHeight} and {result.TransactionsChecked:N0} transactions verified in {seconds:F1} s");
        }
        else if (result.FirstBadHeight is { } bad)
        {
            Console.WriteLine($"ledger CORRUPT: first bad height {bad}: {result.Problem}");
        }
        else
        {
            Console.WriteLine($"ledger CORRUPT: {result.Problem}");
        }
        return result.Ok ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }
}
