using System.CommandLine;
using ChainNode.Wallet.Cli;
using ChainNode.Wallet.Commands;

var root = new RootCommand("chain-wallet: keys, transfers, contracts and queries for a ChainNode network");
GlobalOptions.AddTo(root);
root.Subcommands.Add(KeyCommands.Create());
foreach (var command in ChainCommands.Create())
    root.Subcommands.Add(command);
root.Subcommands.Add(ContractCommands.Create());
root.Subcommands.Add(AdminCommands.Create());
foreach (var command in GovernanceCommands.Create())
    root.Subcommands.Add(command);
root.Subcommands.Add(VerifyCommand.Create());

var json = args.Contains("--json");
try
{
    return await root.Parse(AdminCommands.Normalize(args)).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (WalletException e)
{
    WalletOutput.Error(json, e.Message, e.ExitCode);
    return e.ExitCode;
}
catch (IOException e)
{
    WalletOutput.Error(json, e.Message, ExitCodes.Keystore);
    return ExitCodes.Keystore;
}
