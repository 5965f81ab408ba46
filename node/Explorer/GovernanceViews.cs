using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Explorer;

/// <summary>The explorer's governance answers: validator sets by height, members and admins, proposals.</summary>
public sealed class GovernanceViews(ChainStore chain)
{
    public sealed record ValidatorView(int Index, string Name, string PublicKey, string NetworkAddress, string Address);

    public sealed record EpochView(ulong StartHeight, int FaultsTolerated, int Quorum, ParametersView Parameters, IReadOnlyList<ValidatorView> Validators);

    public sealed record ParametersView(uint MaxTxsPerBlock, uint MaxBlockBytes, uint TargetBlockIntervalMs, uint ViewChangeTimeoutMs, uint CheckpointInterval, ulong GasPrice);

    /// <summary>The set in force at <paramref name="height"/> (the head if null) and the next one if known; null above the head.</summary>
    public object? Validators(ulong? height)
    {
        var head = chain.Height;
        var at = height ?? head;
        if (at > head)
            return null;
        var (current, next) = chain.State.ReadEpochs().AtWithNext(at);
        return new { height = at, headHeight = head, epoch = View(current), nextEpoch = next is null ? null : View(next) };
    }

    public object Members()
    {
        var state = chain.State;
        var admins = state.ReadAdmins();
        var rules = state.ReadGovernanceRules();
        return new
        {
            height = chain.Height,
            members = state.ReadMembers().Select(a => new { address = a.ToString(), admin = admins.Contains(a) }).ToList(),
            admins = admins.Select(a => a.ToString()).ToList(),
            threshold = rules.ApprovalsNeeded(admins.Count),
            proposalLifetimeBlocks = rules.ProposalLifetimeBlocks,
        };
    }

    /// <summary>Proposals newest first, status as of the head.</summary>
    public object Proposals(bool includeClosed)
    {
        var head = chain.Height;
        var proposals = chain.State.ReadProposalsAsOf(head, includeClosed).Reverse().Select(ProposalSummary.From).ToList();
        return new { height = head, proposals };
    }

    /// <summary>The validator set that signs blocks at <paramref name="height"/>: certificates there carry indexes into it.</summary>
    public ValidatorEpoch EpochAt(ulong height) => chain.State.EpochAt(height);

    private static EpochView View(Epoch epoch)
    {
        var inForce = ValidatorEpoch.From(epoch);
        var (set, p) = (inForce.Validators, inForce.Parameters);
        return new EpochView(epoch.StartHeight, set.MaxFaulty, set.QuorumSize,
            new ParametersView(p.MaxTxsPerBlock, p.MaxBlockBytes, p.TargetBlockIntervalMs, p.ViewChangeTimeoutMs, p.CheckpointInterval, p.GasPrice),
            set.Validators.Select(v => new ValidatorView(v.Index, v.Name, v.PublicKey.ToString(), v.NetworkAddress, v.Address.ToString())).ToList());
    }
}
