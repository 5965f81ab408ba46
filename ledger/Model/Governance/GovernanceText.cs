using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Signing;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Governance;

/// <summary>Governance actions and proposal states in words, the same in the wallet, the API's clients and the explorer.</summary>
public static class GovernanceText
{
    /// <summary>A short kebab-case name of the action, e.g. "member-add", "validator-replace-key".</summary>
    public static string Kind(GovernanceAction action) => action.KindCase switch
    {
        GovernanceAction.KindOneofCase.MemberAdd => "member-add",
        GovernanceAction.KindOneofCase.MemberRemove => "member-remove",
        GovernanceAction.KindOneofCase.AdminAdd => "admin-add",
        GovernanceAction.KindOneofCase.AdminRemove => "admin-remove",
        GovernanceAction.KindOneofCase.ValidatorAdd => "validator-add",
        GovernanceAction.KindOneofCase.ValidatorRemove => "validator-remove",
        GovernanceAction.KindOneofCase.ValidatorReplaceKey => "validator-replace-key",
        GovernanceAction.KindOneofCase.ValidatorAddress => "validator-address",
        GovernanceAction.KindOneofCase.Parameters => "parameters",
        _ => "unknown",
    };

    /// <summary>What the action does, in one line.</summary>
    public static string Describe(GovernanceAction action) => action.KindCase switch
    {
        GovernanceAction.KindOneofCase.MemberAdd => $"add member {AddressText(action.MemberAdd)}",
        GovernanceAction.KindOneofCase.MemberRemove => $"remove member {AddressText(action.MemberRemove)}",
        GovernanceAction.KindOneofCase.AdminAdd => $"add admin {AddressText(action.AdminAdd)}",
        GovernanceAction.KindOneofCase.AdminRemove => $"remove admin {AddressText(action.AdminRemove)}",
        GovernanceAction.KindOneofCase.ValidatorAdd =>
            $"add validator {action.ValidatorAdd.Name} (key {KeyText(action.ValidatorAdd.PublicKey)}, peer {action.ValidatorAdd.NetworkAddress})",
        GovernanceAction.KindOneofCase.ValidatorRemove => $"remove validator {action.ValidatorRemove}",
        GovernanceAction.KindOneofCase.ValidatorReplaceKey =>
            $"replace validator {action.ValidatorReplaceKey.Name}'s key with {KeyText(action.ValidatorReplaceKey.PublicKey)}",
        GovernanceAction.KindOneofCase.ValidatorAddress => $"move validator {action.ValidatorAddress.Name} to {action.ValidatorAddress.NetworkAddress}",
        GovernanceAction.KindOneofCase.Parameters =>
            "set " + string.Join(", ", ParameterChangeFields.SetFields(action.Parameters).Select(f => $"{f.Name}={f.Value}")),
        _ => "an action this version does not know",
    };

    /// <summary>Validator-set and parameter changes open a new epoch; membership changes apply at once.</summary>
    public static bool ChangesEpoch(GovernanceAction action) => action.KindCase is GovernanceAction.KindOneofCase.ValidatorAdd
        or GovernanceAction.KindOneofCase.ValidatorRemove or GovernanceAction.KindOneofCase.ValidatorReplaceKey
        or GovernanceAction.KindOneofCase.ValidatorAddress or GovernanceAction.KindOneofCase.Parameters;

    public static string StatusName(ProposalStatus status) => status switch
    {
        ProposalStatus.Pending => "pending",
        ProposalStatus.Executed => "executed",
        ProposalStatus.Expired => "expired",
        ProposalStatus.Failed => "failed",
        _ => "unknown",
    };

    /// <summary>
    /// "pending (1 of 2 approvals), expires at height 900", "executed at height 12, takes effect at height 14",
    /// "expired at height 900", "failed at height 12: ..." — for a proposal whose status is
    /// already as of the reader's head (see GovernanceReads.StatusAt).
    /// </summary>
    public static string StatusLine(Proposal proposal) => proposal.Status switch
    {
        ProposalStatus.Pending => $"pending ({proposal.Approvals.Count} of {proposal.Threshold} approvals), expires at height {proposal.ExpiresHeight}",
        ProposalStatus.Executed => proposal.TakesEffectHeight > 0
            ? $"executed at height {proposal.ExecutedHeight}, takes effect at height {proposal.TakesEffectHeight}"
            : $"executed at height {proposal.ExecutedHeight}",
        ProposalStatus.Expired => $"expired at height {proposal.ExpiresHeight}",
        ProposalStatus.Failed => $"failed at height {proposal.ExecutedHeight}: {proposal.Error}",
        _ => "unknown",
    };

    public static string AddressText(Google.Protobuf.ByteString bytes) =>
        bytes.Length == Address.Length ? new Address(bytes.Span).ToString() : $"(malformed address, {bytes.Length} bytes)";

    private static string KeyText(Google.Protobuf.ByteString bytes) =>
        bytes.Length == SignatureFormat.CompressedPublicKeyLength ? Convert.ToHexStringLower(bytes.Span) : $"(malformed key, {bytes.Length} bytes)";
}
