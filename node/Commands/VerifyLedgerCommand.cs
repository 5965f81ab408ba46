using System.CommandLine;
using System.Diagnostics;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Storage;
using ChainNode.Node.Home;

namespace ChainNode.Node.Commands;

/// <summary><c>chainnode verify-ledger --home DIR</c>: re-checks the stored chain and names the first bad height.</summary>
public static class VerifyLedgerCommand
{
    public static Command Create()
    {
        var home = new Option<string>("--home") { Description = "The validator's home folder (holds genesis.json and data/).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("verify-ledger", "Re-check every stored block: hash links, Merkle roots, tx signatures and commit certificates.")
        {
            home,
            json,
        };
        command.SetAction(result => Run(new NodeHome(result.GetValue(home)!), result.GetValue(json)));
        return command;
    }

    private static int Run(NodeHome home, bool json)
    {
        home.RequireExists();
        var genesis = GenesisLoader.LoadFile(home.GenesisFile);
        var clock = Stopwatch.StartNew();
        LedgerVerification result;
        try
        {
            using var chain = ChainStore.OpenLevelDb(home.DataDirectory, genesis, createIfMissing: false);
            var progress = new ProgressLine("verifying block", chain.Height, enabled: !json);
            result = LedgerVerifier.Verify(chain, progress);
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
