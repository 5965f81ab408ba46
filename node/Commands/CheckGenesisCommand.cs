using System.CommandLine;
using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Genesis;

namespace ChainNode.Node.Commands;

/// <summary><c>chainnode check-genesis FILE</c>: validates a genesis file and prints its errors and warnings.</summary>
public static class CheckGenesisCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The genesis file to check.", DefaultValueFactory = _ => "genesis.json" };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("check-genesis", "Validate a genesis file and list every problem by field.") { file, json };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(json)));
        return command;
    }

    private static int Run(string path, bool json)
    {
        GenesisConfig config;
        try
        {
            config = GenesisLoader.LoadFile(path);
        }
        catch (GenesisException e)
        {
            return Refuse(e.Errors, e.Message, json);
        }
        if (ViewChangeBudget.BlockSizeProblem(config.Validators.Count, config.Parameters.MaxBlockBytes) is { } problem)
            return Refuse([problem], $"{path}: {problem}", json);
        var genesisHash = GenesisBlock.Create(config).Block.Hash.ToString();
        if (json)
        {
            ConsoleOutput.WriteJson(new
            {
                ok = true,
                chainId = config.ChainId,
                genesisHash,
                validators = config.Validators.Count,
                faultsTolerated = config.Validators.MaxFaulty,
                members = config.Members.Count,
                warnings = config.Warnings,
            });
            return ExitCodes.Ok;
        }
        Console.WriteLine($"{path}: valid genesis for chain '{config.ChainId}'");
        Console.WriteLine($"  genesis block  {genesisHash}");
        Console.WriteLine($"  validators     {config.Validators.Count} (tolerates f = {config.Validators.MaxFaulty}, quorum {config.Validators.QuorumSize})");
        Console.WriteLine($"  members        {config.Members.Count}, admins {config.Admins.Count}");
        foreach (var warning in config.Warnings)
            Console.WriteLine($"  warning: {warning}");
        return ExitCodes.Ok;
    }

    private static int Refuse(IReadOnlyList<string> errors, string message, bool json)
    {
        if (json)
            ConsoleOutput.WriteJson(new { ok = false, errors });
        else
            Console.WriteLine(message);
        return ExitCodes.CheckFailed;
    }
}
