using System.CommandLine;

namespace ChainNode.Node.Commands;

/// <summary>
/// A subcommand that became its own program: hidden from help, it takes any arguments and says
/// in one line where the command went, instead of a parser error about an unknown word.
/// </summary>
public static class MovedCommand
{
    public static Command Create(string name, string program, string howToRun)
    {
        var command = new Command(name, $"Moved to {program}.") { Hidden = true, TreatUnmatchedTokensAsErrors = false };
        command.SetAction(_ =>
        {
            Console.Error.WriteLine($"error: 'chainnode {name}' is now its own program, {program}: {howToRun}");
            return 2;
        });
        return command;
    }
}
