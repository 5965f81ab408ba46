using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Ledger.Governance;

/// <summary>Typed writes of the governance records (the reads are in <see cref="GovernanceReads"/>).</summary>
internal static class GovernanceWrites
{
    public static void WriteProposal(this ExecutionState state, Proposal proposal) =>
        state.Set(StateKeys.Proposal(new Hash32(proposal.Id.Span)), proposal.ToByteArray());

    public static void AppendProposalId(this ExecutionState state, Hash32 id)
    {
        var index = new ProposalIndex();
        index.Ids.AddRange(state.ReadProposalIds().Select(i => i.ToByteString()));
        index.Ids.Add(id.ToByteString());
        state.Set(StateKeys.ProposalIndex, index.ToByteArray());
    }

    public static void WriteEpochs(this ExecutionState state, EpochHistory history) => state.Set(StateKeys.Epochs, history.ToByteArray());

    public static void WriteAdmins(this ExecutionState state, IEnumerable<Address> admins)
    {
        var list = new AdminList();
        list.Addresses.AddRange(admins.Select(a => a.ToByteString()));
        state.Set(StateKeys.Admins, list.ToByteArray());
    }

    /// <summary>Writes the member list in <see cref="Address.ByteOrder"/>, so no insertion order reaches state.</summary>
    public static void WriteMembers(this ExecutionState state, IEnumerable<Address> members)
    {
        var list = new MemberList();
        list.Addresses.AddRange(members.Order(Address.ByteOrder).Select(a => a.ToByteString()));
        state.Set(StateKeys.Members, list.ToByteArray());
    }
}
