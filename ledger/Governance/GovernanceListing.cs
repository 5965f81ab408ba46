using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;

namespace ChainNode.Ledger.Governance;

/// <summary>Read helpers for the API, the explorer and the wallet: governance state as of a head height.</summary>
public static class GovernanceListing
{
    /// <summary>The epoch in force at <paramref name="height"/> and the one after it in the history, if any.</summary>
    public static (Epoch Current, Epoch? Next) AtWithNext(this EpochHistory history, ulong height)
    {
        var current = history.At(height);
        var index = history.Epochs.IndexOf(current);
        return (current, index + 1 < history.Epochs.Count ? history.Epochs[index + 1] : null);
    }

    /// <summary>
    /// Proposals in creation order, each a copy whose status is as of <paramref name="head"/>
    /// (<see cref="GovernanceReads.StatusAt"/>): only pending ones unless <paramref name="includeClosed"/>.
    /// </summary>
    public static IReadOnlyList<Proposal> ReadProposalsAsOf(this IStateView state, ulong head, bool includeClosed)
    {
        var proposals = new List<Proposal>();
        foreach (var id in state.ReadProposalIds())
        {
            if (state.ReadProposal(id) is not { } stored)
                continue;
            var proposal = AsOf(stored, head);
            if (includeClosed || proposal.Status == ProposalStatus.Pending)
                proposals.Add(proposal);
        }
        return proposals;
    }

    /// <summary>A copy of <paramref name="proposal"/> with its status as of <paramref name="head"/>.</summary>
    public static Proposal AsOf(Proposal proposal, ulong head)
    {
        var copy = proposal.Clone();
        copy.Status = proposal.StatusAt(head);
        return copy;
    }

    /// <summary>Approvals a proposal made now needs: the genesis threshold, or a majority of <paramref name="admins"/> when it is 0.</summary>
    public static uint ApprovalsNeeded(this GovernanceRules rules, int admins) =>
        rules.Threshold > 0 ? rules.Threshold : (uint)(admins / 2 + 1);
}
