using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Governance;

/// <summary>The effect of one governance tx, for its receipt.</summary>
public sealed record GovernanceOutcome(bool Success, string Error, string Warning)
{
    public static GovernanceOutcome Failed(string error) => new(false, error, "");

    public static GovernanceOutcome Succeeded(string? warning = null) => new(true, "", warning ?? "");
}

/// <summary>
/// Runs proposals and approvals. Only admins may send them (<see cref="NotAdminProblem"/>, the
/// one check the mempool also makes). A proposal carries its sender's approval; once approvals
/// reach its threshold its action executes in that same block. A refused tx leaves no effect
/// but the mark on a proposal found expired; the caller takes nonce and fee either way.
/// </summary>
public static class GovernanceExecutor
{
    public static bool IsGovernance(TxBody body) => body.PayloadCase is TxBody.PayloadOneofCase.Propose or TxBody.PayloadOneofCase.Approve;

    /// <summary>Null if <paramref name="sender"/> may send governance txs in this state, otherwise why not.</summary>
    public static string? NotAdminProblem(IStateView state, Address sender) =>
        state.IsAdmin(sender) ? null : $"sender {sender} is not an admin: only admins may propose or approve governance changes";

    public static GovernanceOutcome Run(VerifiedTransaction tx, BlockContext block, ExecutionState state)
    {
        if (NotAdminProblem(state, tx.SenderAddress) is { } notAdmin)
            return GovernanceOutcome.Failed(notAdmin);
        var snapshot = state.Snapshot();
        Proposal? expired = null;
        var outcome = tx.Body.PayloadCase == TxBody.PayloadOneofCase.Propose
            ? Propose(tx, block.Height, state)
            : Approve(tx.SenderAddress, tx.Body.Approve, block.Height, state, out expired);
        if (!outcome.Success)
            state.RevertTo(snapshot);
        if (expired is not null)
            state.WriteProposal(expired); // the record says so from now on, though the approval failed
        return outcome;
    }

    private static GovernanceOutcome Propose(VerifiedTransaction tx, ulong height, ExecutionState state)
    {
        var action = tx.Body.Propose.Action;
        if (ActionRules.FindProblem(action) is { } malformed)
            return GovernanceOutcome.Failed(malformed);
        // Try it on the state as it is now, so a proposal that could not apply is refused when
        // made rather than after the admins' approvals; it is checked again when it executes.
        var trial = state.Snapshot();
        var tried = GovernanceActions.Apply(action, height, state);
        state.RevertTo(trial);
        if (tried.Error is { } cannot)
            return GovernanceOutcome.Failed(cannot);

        var rules = state.ReadGovernanceRules();
        var lifetime = rules.ProposalLifetimeBlocks > 0 ? rules.ProposalLifetimeBlocks : GenesisLoader.DefaultProposalLifetimeBlocks;
        var proposal = new Proposal
        {
            Id = tx.Hash.ToByteString(),
            Action = action,
            Proposer = tx.SenderAddress.ToByteString(),
            CreatedHeight = height,
            ExpiresHeight = height > ulong.MaxValue - lifetime ? ulong.MaxValue : height + lifetime,
            Status = ProposalStatus.Pending,
            Threshold = ThresholdFor(rules, state),
        };
        proposal.Approvals.Add(tx.SenderAddress.ToByteString());
        state.AppendProposalId(tx.Hash);
        return Decide(proposal, height, state);
    }

    /// <summary>The genesis threshold, or (0 there) a majority of the admins when the proposal is made.</summary>
    public static uint ThresholdFor(GovernanceRules rules, IStateView state) =>
        rules.Threshold > 0 ? rules.Threshold : (uint)(state.ReadAdmins().Count / 2 + 1);

    private static GovernanceOutcome Approve(Address sender, GovernanceApprove approve, ulong height, ExecutionState state, out Proposal? expired)
    {
        expired = null;
        if (approve.ProposalId.Length != Hash32.Length)
            return GovernanceOutcome.Failed($"a proposal id is {Hash32.Length} bytes, got {approve.ProposalId.Length}");
        var id = new Hash32(approve.ProposalId.Span);
        if (state.ReadProposal(id) is not { } proposal)
            return GovernanceOutcome.Failed($"there is no proposal {id}");
        switch (proposal.StatusAt(height))
        {
            case ProposalStatus.Executed:
                return GovernanceOutcome.Failed($"proposal {id} was already executed at height {proposal.ExecutedHeight}");
            case ProposalStatus.Failed:
                return GovernanceOutcome.Failed($"proposal {id} already failed at height {proposal.ExecutedHeight}: {proposal.Error}");
            case ProposalStatus.Expired:
                if (proposal.Status == ProposalStatus.Pending)
                {
                    proposal.Status = ProposalStatus.Expired;
                    expired = proposal;
                }
                return GovernanceOutcome.Failed($"proposal {id} expired at height {proposal.ExpiresHeight}");
        }
        if (proposal.Approvals.Any(a => a.Span.SequenceEqual(sender.Span)))
            return GovernanceOutcome.Failed($"proposal {id} is already approved by {sender}");
        proposal.Approvals.Add(sender.ToByteString());
        return Decide(proposal, height, state);
    }

    // Stores the proposal; with enough approvals, executes its action first. An action that no
    // longer applies fails the proposal, not the approval: the approval was valid and counted.
    private static GovernanceOutcome Decide(Proposal proposal, ulong height, ExecutionState state)
    {
        if (proposal.Approvals.Count < proposal.Threshold)
        {
            state.WriteProposal(proposal);
            return GovernanceOutcome.Succeeded();
        }
        var result = GovernanceActions.Apply(proposal.Action, height, state);
        proposal.ExecutedHeight = height;
        if (result.Error is { } error)
        {
            proposal.Status = ProposalStatus.Failed;
            proposal.Error = error;
            state.WriteProposal(proposal);
            return GovernanceOutcome.Succeeded($"proposal {new Hash32(proposal.Id.Span)} reached {proposal.Threshold} approval(s) but could not execute: {error}");
        }
        proposal.Status = ProposalStatus.Executed;
        proposal.TakesEffectHeight = result.TakesEffectHeight;
        state.WriteProposal(proposal);
        return GovernanceOutcome.Succeeded(result.Warning);
    }
}
