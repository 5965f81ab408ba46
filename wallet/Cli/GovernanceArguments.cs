using System.Globalization;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Wallet.Keys;
using ChainNode.Wallet.Keystore;
using Google.Protobuf;

namespace ChainNode.Wallet.Cli;

/// <summary>
/// Governance actions from the command line, checked before anything is signed: a mistyped
/// address, key, proof or parameter is refused here with a clear message (exit 2), not by the
/// chain after a fee is paid.
/// </summary>
public static class GovernanceArguments
{
    public static GovernanceAction MemberAdd(string address, KeyStore keys) => new() { MemberAdd = AddressBytes(address, keys) };

    public static GovernanceAction MemberRemove(string address, KeyStore keys) => new() { MemberRemove = AddressBytes(address, keys) };

    public static GovernanceAction AdminAdd(string address, KeyStore keys) => new() { AdminAdd = AddressBytes(address, keys) };

    public static GovernanceAction AdminRemove(string address, KeyStore keys) => new() { AdminRemove = AddressBytes(address, keys) };

    public static GovernanceAction ValidatorAdd(string name, string publicKey, string peer, string proof)
    {
        var key = Key(publicKey);
        if (!HostPort.IsValid(peer))
            throw new WalletException(ExitCodes.BadInput, $"--peer '{peer}' is not HOST:PORT");
        return new GovernanceAction
        {
            ValidatorAdd = new ValidatorAdd
            {
                Name = Name(name),
                PublicKey = ByteString.CopyFrom(key.Span),
                NetworkAddress = peer,
                ProofOfPossession = Proof(key, proof),
            },
        };
    }

    public static GovernanceAction ValidatorRemove(string name) => new() { ValidatorRemove = Name(name) };

    public static GovernanceAction ValidatorReplaceKey(string name, string publicKey, string proof)
    {
        var key = Key(publicKey);
        return new GovernanceAction
        {
            ValidatorReplaceKey = new ValidatorKeyReplace { Name = Name(name), PublicKey = ByteString.CopyFrom(key.Span), ProofOfPossession = Proof(key, proof) },
        };
    }

    /// <summary>KEY=VALUE pairs with the names of genesis.json's consensus section and gasPrice; the chain checks the bounds.</summary>
    public static GovernanceAction Parameters(IReadOnlyList<string> assignments)
    {
        if (assignments.Count == 0)
            throw new WalletException(ExitCodes.BadInput, $"give at least one KEY=VALUE; the parameters are {string.Join(", ", ParameterChangeFields.Names)}");
        var change = new ConsensusParametersChange();
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new WalletException(ExitCodes.BadInput, $"'{assignment}' is not KEY=VALUE (for example maxTxsPerBlock=2000)");
            var name = assignment[..equals];
            var text = assignment[(equals + 1)..].Replace("_", "", StringComparison.Ordinal);
            if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw new WalletException(ExitCodes.BadInput, $"'{assignment}': the value must be a whole number");
            if (ParameterChangeFields.TrySet(change, name, value) is { } problem)
                throw new WalletException(ExitCodes.BadInput, problem);
        }
        return new GovernanceAction { Parameters = change };
    }

    private static ByteString AddressBytes(string text, KeyStore keys) => InputParsing.Address(text, keys).ToByteString();

    private static string Name(string name) =>
        name.Trim().Length > 0 && name.Trim() == name ? name : throw new WalletException(ExitCodes.BadInput, $"validator name '{name}' must be non-empty, without leading or trailing spaces");

    private static WalletPublicKey Key(string hex)
    {
        try
        {
            return WalletPublicKey.FromHex(hex);
        }
        catch (FormatException e)
        {
            throw new WalletException(ExitCodes.BadInput, $"--pubkey: {e.Message}");
        }
    }

    private static ByteString Proof(WalletPublicKey key, string hex)
    {
        var proof = InputParsing.Hex(hex, "--pop");
        if (ProofOfPossession.FindProblem(key, proof) is { } problem)
            throw new WalletException(ExitCodes.BadInput, $"--pop: {problem} (use the proof 'chainnode keygen' or 'chainnode join' printed for this key)");
        return ByteString.CopyFrom(proof);
    }
}
