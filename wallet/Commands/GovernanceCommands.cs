using System.CommandLine;
using System.Globalization;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using ChainNode.Wallet.Cli;

namespace ChainNode.Wallet.Commands;

/// <summary><c>validators [--height H]</c> and <c>members</c>: who runs and who uses the network, from the node's committed state.</summary>
public static class GovernanceCommands
{
    public static IEnumerable<Command> Create() => [Validators(), Members()];

    private static Command Validators()
    {
        var height = new Option<ulong>("--height") { Description = "The set in force at this block (default: the head)." };
        var command = new Command("validators", "Show the validator set in force at a height, and the next one if scheduled.") { height };
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            using var node = context.Connect();
            var r = await node.CallAsync(c => c.GetValidatorsAsync(parse.GetValue(height)));
            var epoch = EpochJson(r.Epoch);
            var next = r.NextEpoch is null ? null : EpochJson(r.NextEpoch);
            context.Output.Table(new { r.Height, r.HeadHeight, epoch, nextEpoch = next }, ["#", "name", "account", "peer", "public key"],
                epoch.Validators.Select(v => new[] { v.Index.ToString(CultureInfo.InvariantCulture), v.Name, v.Address, v.NetworkAddress, v.PublicKey }));
            context.Output.Note($"at height {r.Height}: {epoch.Validators.Count} validators in force from height {epoch.StartHeight} (tolerates f = {epoch.FaultsTolerated}, quorum {epoch.Quorum})");
            if (next is not null)
                context.Output.Note($"{(next.StartHeight > r.HeadHeight ? "scheduled" : "next")}: {next.Validators.Count} validators from height {next.StartHeight} ({string.Join(", ", next.Validators.Select(v => v.Name))})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Members()
    {
        var command = new Command("members", "List the member accounts and which of them are admins.");
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            using var node = context.Connect();
            var r = await node.CallAsync(c => c.GetMembersAsync());
            var admins = r.Admins.Select(a => new Address(a.Span).ToString()).ToList();
            var members = r.Members.Select(a => new Address(a.Span).ToString()).Select(a => new { address = a, admin = admins.Contains(a) }).ToList();
            context.Output.Table(new { r.Height, members, admins, r.Threshold, r.ProposalLifetimeBlocks }, ["address", "role"],
                members.Select(m => new[] { m.address, m.admin ? "admin" : "member" }));
            context.Output.Note($"{members.Count} members, {admins.Count} admin(s); a proposal needs {r.Threshold} approval(s) and expires after {r.ProposalLifetimeBlocks} blocks (as of block {r.Height})");
            return ExitCodes.Ok;
        });
        return command;
    }

    public sealed record ValidatorJson(uint Index, string Name, string Address, string NetworkAddress, string PublicKey);

    public sealed record EpochView(ulong StartHeight, uint FaultsTolerated, uint Quorum, object? Parameters, IReadOnlyList<ValidatorJson> Validators);

    private static EpochView EpochJson(ValidatorEpochView v) => new(v.StartHeight, v.FaultsTolerated, v.Quorum,
        v.Parameters is { } p ? new { p.MaxTxsPerBlock, p.MaxBlockBytes, p.TargetBlockIntervalMs, p.ViewChangeTimeoutMs, p.CheckpointInterval, p.GasPrice } : null,
        v.Validators.Select(x => new ValidatorJson(x.Index, x.Name, x.Address.Length == Address.Length ? new Address(x.Address.Span).ToString() : "",
            x.NetworkAddress, Convert.ToHexStringLower(x.PublicKey.Span))).ToList());
}
