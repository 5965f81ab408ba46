using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Governance;

/// <summary>A proposal as people and scripts read it (the explorer's and the wallet's JSON): addresses as cn1…, heights null when not reached.</summary>
public sealed record ProposalSummary(string Id, string Kind, string Action, string? Proposer, ulong CreatedHeight, ulong ExpiresHeight,
    IReadOnlyList<string> Approvals, uint Threshold, string Status, string StatusLine, ulong? ExecutedHeight, ulong? TakesEffectHeight, string? Error)
{
    /// <summary>From a proposal whose status is already as of the reader's head (GovernanceListing.AsOf).</summary>
    public static ProposalSummary From(Proposal p)
    {
        var action = p.Action ?? new GovernanceAction();
        return new ProposalSummary(
            Convert.ToHexStringLower(p.Id.Span),
            GovernanceText.Kind(action),
            GovernanceText.Describe(action),
            p.Proposer.Length == Address.Length ? new Address(p.Proposer.Span).ToString() : null,
            p.CreatedHeight,
            p.ExpiresHeight,
            p.Approvals.Select(GovernanceText.AddressText).ToList(),
            p.Threshold,
            GovernanceText.StatusName(p.Status),
            GovernanceText.StatusLine(p),
            p.ExecutedHeight > 0 ? p.ExecutedHeight : null,
            p.TakesEffectHeight > 0 ? p.TakesEffectHeight : null,
            string.IsNullOrEmpty(p.Error) ? null : p.Error);
    }
}
