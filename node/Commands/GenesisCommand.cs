using System.CommandLine;
using System.Globalization;
using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Genesis;
using ChainNode.Node.Configuration;

namespace ChainNode.Node.Commands;

/// <summary>
/// <c>chainnode genesis new</c>: assembles genesis.json from public parts only (each
/// organisation's <c>keygen</c> output, member addresses, admins), so no party ever holds
/// another's private key. Every proof of possession is checked by <see cref="GenesisLoader"/>.
/// </summary>
public static class GenesisCommand
{
    public static Command Create()
    {
        var chainId = new Option<string>("--chain-id") { Description = "Chain id written into genesis and every tx.", Required = true };
        var validators = new Option<string[]>("--validator") { Description = "NAME,PUBKEY,PEER,POP from each validator's 'chainnode keygen' (repeat per validator).", Required = true };
        var members = new Option<string[]>("--member") { Description = "ADDRESS,BALANCE of a member account (repeat per member).", Required = true };
        var admins = new Option<string[]>("--admin") { Description = "A member address that may propose and approve governance actions (repeat).", Required = true };
        var threshold = new Option<uint>("--threshold") { Description = "Admin approvals a proposal needs (default: a majority of the admins)." };
        var lifetime = new Option<ulong>("--proposal-lifetime") { Description = $"Blocks after which an unapproved proposal expires (default {GenesisLoader.DefaultProposalLifetimeBlocks})." };
        var gasPrice = new Option<ulong>("--gas-price") { Description = "Coins per unit of gas (a transfer uses 21,000); 0 moves no fees." };
        var output = new Option<string>("--out") { Description = "The genesis file to write (must not exist).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var create = new Command("new", "Assemble a genesis from validators' public keys, peer addresses and proofs of possession.")
        {
            chainId, validators, members, admins, threshold, lifetime, gasPrice, output, json,
        };
        create.SetAction(result =>
        {
            var document = new GenesisDocument
            {
                ChainId = result.GetValue(chainId),
                GenesisTime = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                GasPrice = result.GetValue(gasPrice),
                Consensus = NetworkLayout.DefaultConsensus(),
                Validators = result.GetValue(validators)!.Select(ParseValidator).ToList(),
                Members = result.GetValue(members)!.Select(ParseMember).ToList(),
                Admins = [.. result.GetValue(admins)!],
                Governance = new GenesisDocument.GovernanceSection { Threshold = result.GetValue(threshold), ProposalLifetimeBlocks = result.GetValue(lifetime) },
            };
            var path = Path.GetFullPath(result.GetValue(output)!);
            if (File.Exists(path) || Directory.Exists(path))
                throw new CommandException($"'{path}' already exists; choose another --out or remove it");
            var config = GenesisLoader.Validate(document, "the genesis assembled from the arguments");
            if (ViewChangeBudget.BlockSizeProblem(config.Validators.Count, config.Parameters.MaxBlockBytes) is { } problem)
                throw new CommandException(problem);
            File.WriteAllText(path, GenesisLoader.Serialize(document) + "\n");
            var genesisHash = GenesisBlock.Create(config).Block.Hash.ToString();
            if (result.GetValue(json))
            {
                ConsoleOutput.WriteJson(new { file = path, config.ChainId, genesisHash, validators = config.Validators.Count, members = config.Members.Count, admins = config.Admins.Count, warnings = config.Warnings });
                return ExitCodes.Ok;
            }
            Console.WriteLine($"Wrote {path}: chain '{config.ChainId}', {config.Validators.Count} validators (every proof of possession checked), {config.Members.Count} members, {config.Admins.Count} admin(s)");
            Console.WriteLine($"  genesis block  {genesisHash}");
            foreach (var warning in config.Warnings)
                Console.WriteLine($"  warning: {warning}");
            Console.WriteLine("Give this file to every organisation; each runs: chainnode run --home DIR --genesis genesis.json");
            return ExitCodes.Ok;
        });
        return new Command("genesis", "Genesis ceremony tools.") { create };
    }

    private static GenesisDocument.ValidatorEntry ParseValidator(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 4 || parts.Any(p => p.Trim().Length == 0))
            throw new CommandException($"--validator '{text}' must be NAME,PUBKEY,PEER,POP (four fields from 'chainnode keygen')");
        return new GenesisDocument.ValidatorEntry { Name = parts[0].Trim(), PublicKey = parts[1].Trim(), NetworkAddress = parts[2].Trim(), ProofOfPossession = parts[3].Trim() };
    }

    private static GenesisDocument.MemberEntry ParseMember(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 2 || !ulong.TryParse(parts[1].Trim().Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var balance))
            throw new CommandException($"--member '{text}' must be ADDRESS,BALANCE with a whole-number balance");
        return new GenesisDocument.MemberEntry { Address = parts[0].Trim(), Balance = balance };
    }
}
