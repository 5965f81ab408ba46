using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Ledger.Governance;

/// <summary>
/// What an action must be on its own, whatever the state: well-formed addresses, names, keys
/// and peer addresses, and a proof of possession for every new validator key. Checked when the
/// action is proposed; what depends on the state (a name taken, the last validator) is checked
/// by <see cref="GovernanceActions"/> when it applies.
/// </summary>
public static class ActionRules
{
    public const int MaxValidatorNameLength = 64;

    /// <summary>Null if <paramref name="action"/> is well-formed, otherwise why not.</summary>
    public static string? FindProblem(GovernanceAction? action) => action?.KindCase switch
    {
        null or GovernanceAction.KindOneofCase.None => "the proposal names no action",
        GovernanceAction.KindOneofCase.MemberAdd => AddressProblem(action.MemberAdd),
        GovernanceAction.KindOneofCase.MemberRemove => AddressProblem(action.MemberRemove),
        GovernanceAction.KindOneofCase.AdminAdd => AddressProblem(action.AdminAdd),
        GovernanceAction.KindOneofCase.AdminRemove => AddressProblem(action.AdminRemove),
        GovernanceAction.KindOneofCase.ValidatorAdd => NameProblem(action.ValidatorAdd.Name)
            ?? KeyProblem(action.ValidatorAdd.PublicKey, action.ValidatorAdd.ProofOfPossession)
            ?? PeerAddressProblem(action.ValidatorAdd.NetworkAddress),
        GovernanceAction.KindOneofCase.ValidatorRemove => NameProblem(action.ValidatorRemove),
        GovernanceAction.KindOneofCase.ValidatorReplaceKey => NameProblem(action.ValidatorReplaceKey.Name)
            ?? KeyProblem(action.ValidatorReplaceKey.PublicKey, action.ValidatorReplaceKey.ProofOfPossession),
        GovernanceAction.KindOneofCase.ValidatorAddress => NameProblem(action.ValidatorAddress.Name)
            ?? PeerAddressProblem(action.ValidatorAddress.NetworkAddress),
        GovernanceAction.KindOneofCase.Parameters => ChangesNothing(action.Parameters) ? "the parameter change sets no parameter" : null,
        _ => $"unknown governance action {action.KindCase}",
    };

    private static string? AddressProblem(ByteString address) =>
        address.Length == Address.Length ? null : $"an address must be {Address.Length} bytes, got {address.Length}";

    private static string? NameProblem(string name) =>
        string.IsNullOrWhiteSpace(name) ? "the validator name is empty"
        : name.Length > MaxValidatorNameLength ? $"the validator name is longer than {MaxValidatorNameLength} characters"
        : name.Trim() != name ? $"the validator name '{name}' starts or ends with white space"
        : null;

    private static string? KeyProblem(ByteString key, ByteString proof)
    {
        if (key.Length != Secp256k1.CompressedPublicKeyLength)
            return $"the validator key must be a {Secp256k1.CompressedPublicKeyLength}-byte compressed public key, got {key.Length} bytes";
        PublicKey parsed;
        try
        {
            parsed = PublicKey.FromBytes(key.Span);
        }
        catch (FormatException e)
        {
            return $"the validator key is not valid: {e.Message}";
        }
        return ProofOfPossession.FindProblem(parsed, proof.Span);
    }

    private static string? PeerAddressProblem(string address) =>
        HostPort.IsValid(address) ? null : $"the peer address '{address}' is not host:port";

    private static bool ChangesNothing(ConsensusParametersChange change) =>
        !(change.HasMaxTxsPerBlock || change.HasMaxBlockBytes || change.HasTargetBlockIntervalMs || change.HasViewChangeTimeoutMs
            || change.HasCheckpointInterval || change.HasGasPrice);
}
