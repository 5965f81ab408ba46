using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using Google.Protobuf;
using Grpc.Core;

namespace ChainNode.Node.Api;

/// <summary>
/// The public API's governance reads (GetValidators, GetMembers, ListProposals, GetProposal),
/// all from the committed state; <see cref="PublicApiServer"/> answers them with these.
/// </summary>
public sealed class GovernanceQueries(ChainStore chain)
{
    public GetValidatorsResponse GetValidators(GetValidatorsRequest request)
    {
        var head = chain.Height;
        var height = request.Height == 0 ? head : request.Height;
        if (height > head)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"height {height} is above the head ({head}); ask for the head to see the next scheduled epoch"));
        var (current, next) = chain.State.ReadEpochs().AtWithNext(height);
        return new GetValidatorsResponse { Height = height, HeadHeight = head, Epoch = View(current), NextEpoch = next is null ? null : View(next) };
    }

    public GetMembersResponse GetMembers()
    {
        var state = chain.State;
        var height = chain.Height;
        var admins = state.ReadAdmins();
        var rules = state.ReadGovernanceRules();
        var response = new GetMembersResponse
        {
            Threshold = rules.ApprovalsNeeded(admins.Count),
            ProposalLifetimeBlocks = rules.ProposalLifetimeBlocks,
            Height = height,
        };
        response.Members.AddRange(state.ReadMembers().Select(a => a.ToByteString()));
        response.Admins.AddRange(admins.Select(a => a.ToByteString()));
        return response;
    }

    public ListProposalsResponse ListProposals(ListProposalsRequest request)
    {
        var height = chain.Height;
        var response = new ListProposalsResponse { Height = height };
        response.Proposals.AddRange(chain.State.ReadProposalsAsOf(height, request.IncludeClosed));
        return response;
    }

    public GetProposalResponse GetProposal(GetProposalRequest request)
    {
        if (request.Id.Length != Hash32.Length)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"id must be {Hash32.Length} bytes, got {request.Id.Length}"));
        var id = new Hash32(request.Id.Span);
        var height = chain.Height;
        var proposal = chain.State.ReadProposal(id)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no proposal {id}: the id is the hash of the tx that proposed it, and that tx is not committed"));
        return new GetProposalResponse { Proposal = GovernanceListing.AsOf(proposal, height), Height = height };
    }

    private static ValidatorEpochView View(Epoch epoch)
    {
        var set = ValidatorEpoch.From(epoch).Validators;
        var view = new ValidatorEpochView
        {
            StartHeight = epoch.StartHeight,
            Parameters = epoch.Parameters,
            FaultsTolerated = (uint)set.MaxFaulty,
            Quorum = (uint)set.QuorumSize,
        };
        view.Validators.AddRange(set.Validators.Select(v => new EpochValidator
        {
            Index = (uint)v.Index,
            Name = v.Name,
            PublicKey = ByteString.CopyFrom(v.PublicKey.Span),
            NetworkAddress = v.NetworkAddress,
            Address = v.Address.ToByteString(),
        }));
        return view;
    }
}
