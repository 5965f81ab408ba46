using System.CommandLine;
using System.Text.Json;
using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Language;
using ChainNode.Ledger.Contracts;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using ChainNode.Wallet.Cli;
using Google.Protobuf;

namespace ChainNode.Wallet.Commands;

/// <summary>
/// <c>contract compile|deploy|call|query</c>. A deploy remembers the contract's ABI in the
/// wallet home (abis/ADDRESS.json), so later calls only need the address; --abi or --source
/// give it explicitly.
/// </summary>
public static class ContractCommands
{
    private static readonly Option<string[]> Args = new("--args") { Description = "Arguments in order: numbers, true/false, addresses or key names, 0x-hex or text for bytes.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string?> AbiFile = new("--abi") { Description = "ABI file (from 'contract compile --json' or the wallet's abis/ folder)." };
    private static readonly Option<string?> Source = new("--source") { Description = "Contract source (.ccl) to take the ABI from." };

    public static Command Create()
    {
        var contract = new Command("contract", "Compile, deploy, call and query contracts.");
        contract.Subcommands.Add(Compile());
        contract.Subcommands.Add(Deploy());
        contract.Subcommands.Add(Call());
        contract.Subcommands.Add(Query());
        return contract;
    }

    private static Command Compile()
    {
        var file = new Argument<string>("file") { Description = "Contract source (.ccl)." };
        var command = new Command("compile", "Compile a contract: print its bytecode (hex) and ABI.") { file };
        command.SetAction(parse =>
        {
            var context = new WalletContext(parse);
            var compiled = CompileFile(parse.GetValue(file)!);
            var bytecode = Convert.ToHexStringLower(compiled.Module);
            context.Output.Fields(new { contract = compiled.Name, bytecode, abi = compiled.Abi },
            [
                ("contract", compiled.Name),
                ("size", $"{compiled.Module.Length} bytes"),
                ("bytecode", bytecode),
                .. compiled.Abi.Functions.Where(f => f.Public || f.Constructor).Select(f => ((string, string?))(
                    f.Constructor ? "constructor" : "function", $"{f.Signature}{(f.Output is null ? "" : " -> " + f.Output)}{(f.View ? " view" : "")}{(f.Payable ? " payable" : "")}  selector {f.Selector}")),
                .. compiled.Abi.Events.Select(e => ((string, string?))("event", $"{e.Signature}  topic {e.Topic[..16]}…")),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Deploy()
    {
        var file = new Argument<string>("file") { Description = "Contract source (.ccl)." };
        var from = new Option<string>("--from") { Description = "Key to deploy from.", Required = true };
        var gas = new Option<ulong>("--gas") { Description = "Gas limit.", DefaultValueFactory = _ => 5_000_000 };
        var amount = new Option<string>("--amount") { Description = "Coins to send to a payable constructor.", DefaultValueFactory = _ => "0" };
        var command = new Command("deploy", "Deploy a contract; its address is in the receipt (use --wait).") { file, from, Args, gas, amount, ChainCommands.Nonce, ChainCommands.Wait, ChainCommands.Timeout };
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            var compiled = CompileFile(parse.GetValue(file)!);
            var constructorTypes = compiled.Abi.Constructor?.InputTypes ?? [];
            var arguments = AbiArguments.Parse(constructorTypes, parse.GetValue(Args) ?? [], context.Keys, "the constructor");
            var coins = InputParsing.Amount(parse.GetValue(amount)!);
            var key = ChainCommands.Unlock(context, parse.GetValue(from)!);
            using var node = context.Connect();
            var nonce = parse.GetValue(ChainCommands.Nonce) ?? (await node.CallAsync(c => c.GetAccountAsync(key.Address.ToArray()))).PendingNonce;
            var address = ContractKeys.ContractAddress(key.Address, nonce);
            SaveAbi(context, address, compiled.Abi);
            context.Output.Note($"contract address will be {address}");
            return await TxSubmitter.SubmitAsync(context, node, key, nonce, parse.GetValue(gas), body => body.Deploy = new Ledger.Protos.ContractDeploy
            {
                Code = ByteString.CopyFrom(compiled.Module),
                Input = ByteString.CopyFrom(AbiCodec.Encode(arguments)),
                Amount = coins,
            }, parse.GetValue(ChainCommands.Wait), TimeSpan.FromSeconds(parse.GetValue(ChainCommands.Timeout)));
        });
        return command;
    }

    private static Command Call()
    {
        var from = new Option<string>("--from") { Description = "Key to call from.", Required = true };
        var contract = new Option<string>("--contract") { Description = "Contract address.", Required = true };
        var function = new Option<string>("--function") { Description = "Function name (or a full signature like transfer(address,u256)).", Required = true };
        var gas = new Option<ulong>("--gas") { Description = "Gas limit.", DefaultValueFactory = _ => 1_000_000 };
        var amount = new Option<string>("--amount") { Description = "Coins to send to a payable function.", DefaultValueFactory = _ => "0" };
        var command = new Command("call", "Call a contract function in a tx.") { from, contract, function, Args, gas, amount, AbiFile, Source, ChainCommands.Nonce, ChainCommands.Wait, ChainCommands.Timeout };
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            var address = InputParsing.Address(parse.GetValue(contract)!, context.Keys);
            var (input, _) = CallData(context, parse, address, parse.GetValue(function)!);
            var coins = InputParsing.Amount(parse.GetValue(amount)!);
            var key = ChainCommands.Unlock(context, parse.GetValue(from)!);
            using var node = context.Connect();
            return await TxSubmitter.SubmitAsync(context, node, key, parse.GetValue(ChainCommands.Nonce), parse.GetValue(gas), body => body.Call = new Ledger.Protos.ContractCall
            {
                Contract = address.ToByteString(),
                Input = ByteString.CopyFrom(input),
                Amount = coins,
            }, parse.GetValue(ChainCommands.Wait), TimeSpan.FromSeconds(parse.GetValue(ChainCommands.Timeout)));
        });
        return command;
    }

    private static Command Query()
    {
        var contract = new Option<string>("--contract") { Description = "Contract address.", Required = true };
        var function = new Option<string>("--function") { Description = "Function name (or a full signature).", Required = true };
        var command = new Command("query", "Call a function read-only on the latest state: free, changes nothing.") { contract, function, Args, AbiFile, Source };
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            var address = InputParsing.Address(parse.GetValue(contract)!, context.Keys);
            var (input, output) = CallData(context, parse, address, parse.GetValue(function)!);
            using var node = context.Connect();
            var result = await node.CallAsync(c => c.QueryContractAsync(new QueryContractRequest { Contract = address.ToByteString(), Input = ByteString.CopyFrom(input) }));
            if (!result.Success)
                throw new WalletException(ExitCodes.Failed, $"query failed: {result.Error}");
            string? value = null;
            if (output is { } type && type != AbiType.None)
                value = AbiArguments.Format(type, AbiCodec.Decode(result.ReturnData.Span, [type])[0]);
            var raw = Convert.ToHexStringLower(result.ReturnData.Span);
            context.Output.Fields(new { contract = address.ToString(), function = parse.GetValue(function), result = value, returnData = raw, result.GasUsed, result.Height },
                [("result", value ?? (raw.Length == 0 ? "(nothing)" : "0x" + raw)), ("gas used", result.GasUsed.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("as of block", result.Height.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            return ExitCodes.Ok;
        });
        return command;
    }

    // The call data for `function`, and its output type when the ABI is known.
    private static (byte[] Input, AbiType? Output) CallData(WalletContext context, ParseResult parse, Address contract, string function)
    {
        var texts = parse.GetValue(Args) ?? [];
        if (function.Contains('(', StringComparison.Ordinal))
        {
            var inside = function[(function.IndexOf('(', StringComparison.Ordinal) + 1)..].TrimEnd(')');
            var types = inside.Length == 0 ? [] : inside.Split(',').Select(t => AbiTypeNames.Parse(t.Trim()) ?? throw new WalletException(ExitCodes.BadInput, $"unknown type '{t}' in {function}")).ToList();
            var signature = AbiCodec.Signature(function[..function.IndexOf('(', StringComparison.Ordinal)], types);
            return (AbiCodec.EncodeCall(AbiCodec.Selector(signature), AbiArguments.Parse(types, texts, context.Keys, signature)), null);
        }
        var abi = LoadAbi(context, parse, contract);
        var entry = abi.Find(function) ?? throw new WalletException(ExitCodes.BadInput,
            $"{abi.Contract} has no public function '{function}'; it has: {string.Join(", ", abi.Functions.Where(f => f.Public && !f.Constructor).Select(f => f.Name))}");
        var selector = Convert.ToUInt32(entry.Selector, 16);
        return (AbiCodec.EncodeCall(selector, AbiArguments.Parse(entry.InputTypes, texts, context.Keys, entry.Signature)), entry.OutputType);
    }

    private static ContractAbi LoadAbi(WalletContext context, ParseResult parse, Address contract)
    {
        if (parse.GetValue(Source) is { } source)
            return CompileFile(source).Abi;
        var path = parse.GetValue(AbiFile) ?? AbiPath(context, contract);
        if (!File.Exists(path))
            throw new WalletException(ExitCodes.BadInput, $"no ABI known for {contract}: pass --abi FILE or --source FILE.ccl, or a full signature as --function name(type,...)");
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var element = json.RootElement.TryGetProperty("abi", out var nested) ? nested : json.RootElement;
            return element.Deserialize<ContractAbi>(WalletOutput.JsonOptions) ?? throw new WalletException(ExitCodes.BadInput, $"{path} holds no ABI");
        }
        catch (JsonException e)
        {
            throw new WalletException(ExitCodes.BadInput, $"{path} is not an ABI file: {e.Message}");
        }
    }

    private static string AbiPath(WalletContext context, Address contract) => Path.Combine(context.Home.Path, "abis", contract + ".json");

    private static void SaveAbi(WalletContext context, Address contract, ContractAbi abi)
    {
        Directory.CreateDirectory(Path.Combine(context.Home.Path, "abis"));
        File.WriteAllText(AbiPath(context, contract), JsonSerializer.Serialize(abi, WalletOutput.JsonOptions));
    }

    private static CompiledContract CompileFile(string path)
    {
        if (!File.Exists(path))
            throw new WalletException(ExitCodes.BadInput, $"contract file '{path}' does not exist");
        try
        {
            return Compiler.Compile(File.ReadAllText(path));
        }
        catch (CompileException e)
        {
            throw new WalletException(ExitCodes.BadInput, $"{path}:{e.Line}:{e.Column}: {e.Problem}");
        }
    }
}
