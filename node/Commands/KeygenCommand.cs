using System.CommandLine;
using ChainNode.Node.Home;

namespace ChainNode.Node.Commands;

/// <summary>
/// <c>chainnode keygen --out DIR</c>: one organisation's validator home for a genesis ceremony.
/// It prints only public parts; <c>chainnode genesis new</c> assembles them into genesis.json.
/// </summary>
public static class KeygenCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Home folder to create (must be absent or empty).", Required = true };
        var host = HostOption();
        var basePort = BasePortOption();
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("keygen", "Make a validator home with a new key; print its public key, peer address and proof of possession.")
        {
            output, host, basePort, json,
        };
        command.SetAction(result =>
        {
            var made = NewValidator.Create(result.GetValue(output)!, result.GetValue(host)!, result.GetValue(basePort));
            if (result.GetValue(json))
            {
                ConsoleOutput.WriteJson(made);
                return ExitCodes.Ok;
            }
            Console.WriteLine($"Created validator home {made.Home}");
            made.PrintFields();
            Console.WriteLine("Hand these public parts to whoever assembles genesis (choose the NAME together):");
            Console.WriteLine($"  --validator NAME,{made.PublicKey},{made.PeerAddress},{made.ProofOfPossession}");
            Console.WriteLine($"Once genesis.json is agreed: chainnode run --home {made.Home} --genesis genesis.json");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Option<string> HostOption() =>
        new("--host") { Description = "IP address this validator listens on (others dial it there).", DefaultValueFactory = _ => "127.0.0.1" };

    public static Option<int> BasePortOption() =>
        new("--base-port") { Description = "Peer port; the API listens at +100, HTTP at +200.", DefaultValueFactory = _ => 26600 };
}
