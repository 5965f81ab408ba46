using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Genesis;

/// <summary>Reads and validates genesis.json, collecting every error with its field path.</summary>
public static partial class GenesisLoader
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // A misspelt field is an error, not silently ignored.
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
        WriteIndented = true,
    };

    private static readonly string[] IsoTimeFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static GenesisConfig LoadFile(string path)
    {
        if (!File.Exists(path))
            throw new GenesisException(path, [$"file not found: {Path.GetFullPath(path)}"]);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GenesisException(path, [$"cannot read the file: {e.Message}"]);
        }
        return Parse(text, path);
    }

    public static GenesisConfig Parse(string json, string source = "genesis.json")
    {
        GenesisDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<GenesisDocument>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new GenesisException(source, [$"{e.Path ?? "$"}: {FirstSentence(e.Message)}"]);
        }
        if (document is null)
            throw new GenesisException(source, ["$: the file holds null, not a genesis object"]);
        return Validate(document, source);
    }

    public static string Serialize(GenesisDocument document) => JsonSerializer.Serialize(document, JsonOptions);

    public static GenesisConfig Validate(GenesisDocument doc, string source = "genesis.json")
    {
        var errors = new List<string>();
        var warnings = new List<string>();

        var chainId = doc.ChainId ?? "";
        if (!ChainIdPattern().IsMatch(chainId))
            errors.Add("chainId: must be 1-64 characters of a-z, 0-9, '-' or '.'");

        long genesisTimeMs = 0;
        if (string.IsNullOrWhiteSpace(doc.GenesisTime))
            errors.Add("genesisTime: missing (ISO 8601 UTC, e.g. 2026-01-01T00:00:00Z)");
        else if (!DateTimeOffset.TryParseExact(doc.GenesisTime, IsoTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            errors.Add($"genesisTime: '{doc.GenesisTime}' is not an ISO 8601 time");
        else
            genesisTimeMs = time.ToUnixTimeMilliseconds();

        var parameters = ValidateConsensus(doc.Consensus, doc.GasPrice, errors);
        var validators = ValidateValidators(doc.Validators, errors, warnings);
        var members = ValidateMembers(doc.Members, errors);
        var admins = ValidateAdmins(doc.Admins, members, errors);
        var governance = ValidateGovernance(doc.Governance, admins.Count, errors);

        if (errors.Count > 0)
            throw new GenesisException(source, errors);
        return new GenesisConfig(chainId, genesisTimeMs, parameters, new ValidatorSet(validators), members, admins, warnings) { Governance = governance };
    }

    /// <summary>About a week of blocks at one a second: long enough for admins in other time zones.</summary>
    public const ulong DefaultProposalLifetimeBlocks = 604_800;

    private static GovernanceRules ValidateGovernance(GenesisDocument.GovernanceSection? section, int admins, List<string> errors)
    {
        var rules = new GovernanceRules
        {
            Threshold = section?.Threshold ?? 0,
            ProposalLifetimeBlocks = section is { ProposalLifetimeBlocks: > 0 } ? section.ProposalLifetimeBlocks : DefaultProposalLifetimeBlocks,
        };
        if (admins > 0 && rules.Threshold > admins)
            errors.Add($"governance.threshold: {rules.Threshold} approvals can never be reached with {admins} admin(s)");
        return rules;
    }

    private static ConsensusParameters ValidateConsensus(GenesisDocument.ConsensusSection? section, ulong gasPrice, List<string> errors)
    {
        if (section is null)
        {
            errors.Add("consensus: missing");
            return new ConsensusParameters();
        }
        var parameters = new ConsensusParameters
        {
            MaxTxsPerBlock = section.MaxTxsPerBlock,
            MaxBlockBytes = section.MaxBlockBytes,
            TargetBlockIntervalMs = section.TargetBlockIntervalMs,
            ViewChangeTimeoutMs = section.ViewChangeTimeoutMs,
            CheckpointInterval = section.CheckpointInterval,
            GasPrice = gasPrice,
        };
        // The view-change size budget is checked by check-genesis and run (it depends on the peer limit).
        foreach (var (field, rule) in ParameterBounds.RangeProblems(parameters))
            errors.Add($"{(field == "gasPrice" ? "" : "consensus.")}{field}: {rule}");
        return parameters;
    }

    private static List<Validator> ValidateValidators(List<GenesisDocument.ValidatorEntry>? entries, List<string> errors, List<string> warnings)
    {
        var validators = new List<Validator>();
        if (entries is null || entries.Count == 0)
        {
            errors.Add("validators: at least one validator is required");
            return validators;
        }
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var endpoints = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var at = $"validators[{i}]";
            if (entry is null)
            {
                errors.Add($"{at}: null, expected a validator object");
                continue;
            }
            var name = entry.Name ?? "";
            if (name.Length == 0)
                errors.Add($"{at}.name: missing");
            else if (!names.TryAdd(name, i))
                errors.Add($"{at}.name: '{name}' duplicates validators[{names[name]}]");

            PublicKey? key = null;
            try
            {
                key = PublicKey.FromHex(entry.PublicKey ?? "");
            }
            catch (FormatException e)
            {
                errors.Add($"{at}.publicKey: {e.Message}");
            }
            if (key is not null && !keys.TryAdd(key.ToString(), i))
                errors.Add($"{at}.publicKey: duplicates validators[{keys[key.ToString()]}] (the same validator listed twice)");
            if (key is not null && entry.ProofOfPossession is { } proof && PossessionProblem(key, proof) is { } problem)
                errors.Add($"{at}.proofOfPossession: validator '{name}': {problem}");

            var endpoint = entry.NetworkAddress ?? "";
            if (!HostPort.IsValid(endpoint))
                errors.Add($"{at}.networkAddress: '{endpoint}' is not host:port");
            else if (!endpoints.TryAdd(endpoint, i))
                errors.Add($"{at}.networkAddress: '{endpoint}' duplicates validators[{endpoints[endpoint]}]");

            if (key is not null)
                validators.Add(new Validator(validators.Count, name, key, endpoint));
        }
        var n = entries.Count;
        var f = Quorum.MaxFaulty(n);
        if (n < 4)
            warnings.Add($"validators: {n} validator(s) tolerate no faults (f = 0); use at least 4 for Byzantine fault tolerance");
        else if (n != 3 * f + 1)
            warnings.Add($"validators: {n} validators tolerate f = {f}, the same as {3 * f + 1}; the extra ones add no fault tolerance");
        return validators;
    }

    private static List<GenesisMember> ValidateMembers(List<GenesisDocument.MemberEntry>? entries, List<string> errors)
    {
        var members = new List<GenesisMember>();
        if (entries is null || entries.Count == 0)
        {
            errors.Add("members: at least one member account is required, or no one can transact");
            return members;
        }
        var seen = new Dictionary<Address, int>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is null)
            {
                errors.Add($"members[{i}]: null, expected a member object");
                continue;
            }
            if (!Address.TryParse(entries[i].Address ?? "", out var address, out var error))
            {
                errors.Add($"members[{i}].address: {error}");
                continue;
            }
            if (!seen.TryAdd(address, i))
                errors.Add($"members[{i}].address: {address} duplicates members[{seen[address]}]");
            else
                members.Add(new GenesisMember(address, entries[i].Balance));
        }
        // Execution only moves coins, so a supply that fits in 64 bits keeps every balance there.
        var supply = members.Aggregate(UInt128.Zero, (sum, m) => sum + m.Balance);
        if (supply > ulong.MaxValue)
            errors.Add($"members: the balances add up to {supply}, more than the largest supply of {ulong.MaxValue}");
        return members;
    }

    private static List<Address> ValidateAdmins(List<string>? entries, List<GenesisMember> members, List<string> errors)
    {
        var admins = new List<Address>();
        if (entries is null || entries.Count == 0)
        {
            errors.Add("admins: at least one admin account is required to manage membership");
            return admins;
        }
        for (var i = 0; i < entries.Count; i++)
        {
            if (!Address.TryParse(entries[i] ?? "", out var address, out var error))
                errors.Add($"admins[{i}]: {error}");
            else if (members.All(m => m.Address != address))
                errors.Add($"admins[{i}]: {address} is not in members; an admin must be a member account");
            else if (admins.Contains(address))
                errors.Add($"admins[{i}]: {address} is listed twice");
            else
                admins.Add(address);
        }
        return admins;
    }

    private static string? PossessionProblem(PublicKey key, string proofHex)
    {
        var hex = proofHex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? proofHex[2..] : proofHex;
        if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
            return $"'{proofHex}' is not hex";
        return ProofOfPossession.FindProblem(key, Convert.FromHexString(hex));
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{0,63}\z")]
    private static partial Regex ChainIdPattern();
}
