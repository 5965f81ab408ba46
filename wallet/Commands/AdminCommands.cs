using System.CommandLine;
using ChainNode.Ledger.Protos;
using ChainNode.Wallet.Cli;

namespace ChainNode.Wallet.Commands;

/// <summary>
/// <c>chain-wallet admin ...</c>: governance proposals and approvals, signed with an admin's key
/// (--from). Every argument is checked before the key is unlocked.
/// </summary>
public static class AdminCommands
{
    private static readonly Option<string> From = new("--from") { Description = "The admin key that signs (its approval comes with the proposal).", Required = true };
    private static readonly Option<ulong> Gas = new("--gas") { Description = "Gas limit of the governance tx (unused gas is refunded).", DefaultValueFactory = _ => ProposalSubmitter.DefaultGas };
    private static readonly Option<bool> WaitForOutcome = new("--wait") { Description = "Wait until the proposal is executed, expired or failed, showing progress." };
    private static readonly Option<int> Timeout = new("--timeout") { Description = "Seconds to wait for the tx to commit, and with --wait for the outcome.", DefaultValueFactory = _ => 60 };

    /// <summary>
    /// System.CommandLine 2.0 cannot hold a subcommand named like its parent, so the documented
    /// <c>admin admin add|remove</c> reaches this command through <see cref="Normalize"/>.
    /// </summary>
    public const string AdminsCommandName = "admins";

    /// <summary>Rewrites <c>admin admin ...</c> to <c>admin admins ...</c>; every other command line is returned unchanged.</summary>
    public static string[] Normalize(string[] args)
    {
        var at = 0;
        while (at < args.Length && args[at].StartsWith('-'))
            at += args[at] is "--node" or "--password-file" or "--ca-file" or "--pin-sha256" ? 2 : 1; // global options before the command
        if (at + 1 >= args.Length || args[at] != "admin" || args[at + 1] != "admin")
            return args;
        var rewritten = (string[])args.Clone();
        rewritten[at + 1] = AdminsCommandName;
        return rewritten;
    }

    public static Command Create() => new("admin", "Governance: propose and approve changes to members, admins, validators and parameters.")
    {
        AddressPair("member", "a member account", GovernanceArguments.MemberAdd, GovernanceArguments.MemberRemove),
        AddressPair(AdminsCommandName, "an admin (an admin must be a member)", GovernanceArguments.AdminAdd, GovernanceArguments.AdminRemove),
        Validator(),
        Params(),
        Approve(),
        Proposals(),
    };

    private static Command AddressPair(string noun, string what, Func<string, Keystore.KeyStore, GovernanceAction> add, Func<string, Keystore.KeyStore, GovernanceAction> remove)
    {
        Command One(string verb, Func<string, Keystore.KeyStore, GovernanceAction> build)
        {
            var address = new Argument<string>("address") { Description = "An address (cn1…) or a key name." };
            return Proposing(new Command(verb, $"Propose to {verb} {what}.") { address }, (parse, context) => build(parse.GetValue(address)!, context.Keys));
        }
        var spelt = noun == AdminsCommandName ? "admin" : noun;
        return new Command(noun, $"Propose to add or remove {what}: chain-wallet admin {spelt} add|remove ADDRESS.") { One("add", add), One("remove", remove) };
    }

    private static Command Validator()
    {
        var name = new Option<string>("--name") { Description = "The validator's display name (unique in the set).", Required = true };
        var pubkey = new Option<string>("--pubkey") { Description = "Its public key, hex (from 'chainnode join').", Required = true };
        var peer = new Option<string>("--peer") { Description = "HOST:PORT where its peer service listens.", Required = true };
        var pop = new Option<string>("--pop") { Description = "Its proof of possession, hex (from 'chainnode join').", Required = true };
        var add = Proposing(new Command("add", "Propose to add a validator; it votes from the switch height.") { name, pubkey, peer, pop },
            (parse, _) => GovernanceArguments.ValidatorAdd(parse.GetValue(name)!, parse.GetValue(pubkey)!, parse.GetValue(peer)!, parse.GetValue(pop)!));

        var removed = new Argument<string>("name") { Description = "The validator's name." };
        var remove = Proposing(new Command("remove", "Propose to remove a validator from the set.") { removed },
            (parse, _) => GovernanceArguments.ValidatorRemove(parse.GetValue(removed)!));

        var replaced = new Argument<string>("name") { Description = "The validator's name." };
        var newKey = new Option<string>("--pubkey") { Description = "The new public key, hex.", Required = true };
        var newPop = new Option<string>("--pop") { Description = "The new key's proof of possession, hex.", Required = true };
        var replace = Proposing(new Command("replace-key", "Propose to replace a validator's key (after a leak or a rotation).") { replaced, newKey, newPop },
            (parse, _) => GovernanceArguments.ValidatorReplaceKey(parse.GetValue(replaced)!, parse.GetValue(newKey)!, parse.GetValue(newPop)!));

        return new Command("validator", "Propose validator-set changes (they take effect two blocks after execution).") { add, remove, replace };
    }

    private static Command Params()
    {
        var assignments = new Argument<string[]>("assignments")
        {
            Description = "KEY=VALUE with KEY one of maxTxsPerBlock, maxBlockBytes, targetBlockIntervalMs, viewChangeTimeoutMs, checkpointInterval, gasPrice.",
            Arity = ArgumentArity.OneOrMore,
        };
        var set = Proposing(new Command("set", "Propose new consensus parameters (they take effect two blocks after execution).") { assignments },
            (parse, _) => GovernanceArguments.Parameters(parse.GetValue(assignments)!));
        return new Command("params", "Propose consensus parameter changes.") { set };
    }

    private static Command Approve()
    {
        var id = new Argument<string>("id") { Description = "The proposal id (64 hex characters)." };
        var command = new Command("approve", "Approve an open proposal; the approval that reaches the threshold executes it.") { id };
        AddSubmitOptions(command);
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            var proposal = InputParsing.Hash(parse.GetValue(id)!, "a proposal id");
            return await ProposalSubmitter.ApproveAsync(context, SubmitOptions(parse), proposal);
        });
        return command;
    }

    private static Command Proposals()
    {
        var all = new Option<bool>("--all") { Description = "Include executed, expired and failed proposals." };
        var command = new Command("proposals", "List open proposals (with --all, every proposal), oldest first.") { all };
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            using var node = context.Connect();
            var list = await node.CallAsync(c => c.ListProposalsAsync(parse.GetValue(all)));
            var proposals = list.Proposals.Select(Ledger.Governance.ProposalSummary.From).ToList();
            context.Output.Table(new { list.Height, proposals }, ["proposal", "action", "status", "approvals", "created"],
                proposals.Select(p => new[] { p.Id, p.Action, p.StatusLine, $"{p.Approvals.Count} of {p.Threshold}", p.CreatedHeight.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            if (proposals.Count == 0)
                context.Output.Note(parse.GetValue(all) ? "no proposals yet" : "no open proposals (--all lists closed ones too)");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Adds the signing options and an action that builds (and so checks) the governance action before unlocking the key.</summary>
    private static Command Proposing(Command command, Func<ParseResult, WalletContext, GovernanceAction> build)
    {
        AddSubmitOptions(command);
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            var action = build(parse, context);
            return await ProposalSubmitter.ProposeAsync(context, SubmitOptions(parse), action);
        });
        return command;
    }

    private static void AddSubmitOptions(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(ChainCommands.Nonce);
        command.Options.Add(Gas);
        command.Options.Add(WaitForOutcome);
        command.Options.Add(Timeout);
    }

    private static ProposalSubmitter.Options SubmitOptions(ParseResult parse) => new(
        parse.GetValue(From)!, parse.GetValue(ChainCommands.Nonce), parse.GetValue(Gas), parse.GetValue(WaitForOutcome), TimeSpan.FromSeconds(parse.GetValue(Timeout)));
}
