using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Governance;

/// <summary>Typed reads of the governance records in state (all of them under the state root).</summary>
public static class GovernanceReads
{
    /// <summary>Every epoch since genesis, in start order. Genesis writes the first, starting at height 1.</summary>
    public static EpochHistory ReadEpochs(this IStateView state) =>
        state.Get(StateKeys.Epochs) is { } bytes
            ? StoredRecord.Parse(EpochHistory.Parser, bytes, "epoch history")
            : throw new LedgerCorruptException("State holds no epoch history.");

    /// <summary>The epoch in force at <paramref name="height"/> (height ≥ 1), as this state knows the schedule.</summary>
    public static ValidatorEpoch EpochAt(this IStateView state, ulong height) => ValidatorEpoch.From(ReadEpochs(state).At(height));

    /// <summary>
    /// The consensus parameters (gas price, block limits, timeouts) for the block at
    /// <paramref name="height"/>, read from the state its parent left: the epoch in force there.
    /// </summary>
    public static ConsensusParameters ParametersAt(this IStateView state, ulong height) => ReadEpochs(state).At(height).ParametersOrDefault();

    /// <summary>The last epoch scheduled: in force now, or within <see cref="EpochRules.ActivationDelay"/> blocks.</summary>
    public static Epoch LatestEpoch(this IStateView state) => ReadEpochs(state).Epochs[^1];

    /// <summary>The epoch's parameters; an epoch stored without them runs on the defaults.</summary>
    public static ConsensusParameters ParametersOrDefault(this Epoch epoch) => epoch.Parameters ?? new ConsensusParameters();

    /// <summary>The last epoch in <paramref name="history"/> starting at or below <paramref name="height"/>.</summary>
    public static Epoch At(this EpochHistory history, ulong height)
    {
        Epoch? found = null;
        foreach (var epoch in history.Epochs)
        {
            if (epoch.StartHeight > Math.Max(height, 1))
                break;
            found = epoch;
        }
        return found ?? throw new LedgerCorruptException($"The epoch history has no epoch in force at height {height}.");
    }

    public static GovernanceRules ReadGovernanceRules(this IStateView state) =>
        state.Get(StateKeys.GovernanceRules) is { } bytes
            ? StoredRecord.Parse(GovernanceRules.Parser, bytes, "governance rules")
            : new GovernanceRules();

    public static IReadOnlyList<Address> ReadAdmins(this IStateView state) =>
        state.Get(StateKeys.Admins) is { } bytes
            ? StoredRecord.Parse(AdminList.Parser, bytes, "admin list").Addresses.Select(a => new Address(a.Span)).ToList()
            : [];

    public static bool IsAdmin(this IStateView state, Address address) => state.ReadAdmins().Contains(address);

    public static IReadOnlyList<Address> ReadMembers(this IStateView state) =>
        state.Get(StateKeys.Members) is { } bytes
            ? StoredRecord.Parse(MemberList.Parser, bytes, "member list").Addresses.Select(a => new Address(a.Span)).ToList()
            : [];

    public static Proposal? ReadProposal(this IStateView state, Hash32 id) =>
        state.Get(StateKeys.Proposal(id)) is { } bytes ? StoredRecord.Parse(Proposal.Parser, bytes, "proposal", id) : null;

    /// <summary>Every proposal id, oldest first.</summary>
    public static IReadOnlyList<Hash32> ReadProposalIds(this IStateView state) =>
        state.Get(StateKeys.ProposalIndex) is { } bytes
            ? StoredRecord.Parse(ProposalIndex.Parser, bytes, "proposal index").Ids.Select(id => new Hash32(id.Span)).ToList()
            : [];

    /// <summary>
    /// A proposal's status as of <paramref name="height"/>: one still pending at or past its
    /// expiry height is expired, though its record is only rewritten if someone approves it again.
    /// </summary>
    public static ProposalStatus StatusAt(this Proposal proposal, ulong height) =>
        proposal.Status == ProposalStatus.Pending && height >= proposal.ExpiresHeight ? ProposalStatus.Expired : proposal.Status;
}
