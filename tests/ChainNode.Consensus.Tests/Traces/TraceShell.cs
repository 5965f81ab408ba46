using ChainNode.Consensus.Hosting;
using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Types;
using ChainNode.Simulation;
using ChainNode.Simulation.Reconfiguration;

namespace ChainNode.Consensus.Tests.Traces;

/// <summary>
/// One node's side of its <see cref="ReplicaHost"/> in a trace: everything the host asks for is
/// logged, messages go to the scripted network, proposals are built at once (or wait for a
/// <c>propose</c> command) and block fetches are served by the first node that has the blocks.
/// </summary>
internal sealed class TraceShell(TraceCluster cluster, SimReplica node) : IReplicaShell
{
    private string Name => $"r{node.Index}";

    /// <summary>The proposal this node was asked for and has not answered (manual proposing).</summary>
    public ProposalRequest? WaitingProposal { get; set; }

    public ReplicaEpoch EpochAfter(ulong committedHeight, Hash32 committedHash) =>
        SimEpochs.For(node.Index, cluster.Epochs.ScheduleOf(committedHash).At(committedHeight + 1), cluster.Epochs, node.Signatures,
            cluster.Template, cluster.RetryTicks);

    public void Persisted(PersistentChanges persist) => cluster.Log($"{Name} persists view {persist.View}{(persist.ViewActive ? "" : " (changing)")}, "
        + $"{persist.Votes.Count} votes, {persist.Prepared.Count} prepared"
        + (persist.StableCheckpoint is { } stable ? $", stable checkpoint h={stable.Height}" : "")
        + (persist.PruneAtOrBelow > 0 ? $", prunes h<={persist.PruneAtOrBelow}" : ""));

    // A message to one validator names its index in the sender's epoch; every node hears a broadcast.
    public void Send(OutboundMessage outbound)
    {
        int? only = outbound.To is { } index ? node.Set!.Members[index].Node : null;
        foreach (var to in cluster.NodeIds.Where(to => to != node.Index && (only is null || only == to)))
            cluster.Network.Send(new InFlight(node.Index, to, outbound.Message));
    }

    public void Commit(CommittedBlock committed)
    {
        node.Ledger.Add(committed);
        cluster.Log($"{Name} commits h={committed.Height} {TraceLog.Abbreviate(committed.Hash.Span)} view {committed.Certificate.View} "
            + $"signers [{string.Join(",", committed.Certificate.Signatures.Select(s => s.ValidatorIndex))}]");
    }

    public void WantProposal(ProposalRequest request)
    {
        WaitingProposal = request;
        if (cluster.AutoPropose)
            cluster.Propose(node.Index);
        else
            cluster.Log($"{Name} is asked to propose h={request.Height} v={request.View}");
    }

    public void WantBlocks(CatchUpRequest request)
    {
        var donor = cluster.Nodes.FirstOrDefault(n => n != node && n.IsUp && n.CommittedHeight >= request.FromHeight);
        if (donor is null)
        {
            cluster.Log($"{Name} wants blocks {request.FromHeight}..{request.ToHeight}: no node has them");
            return;
        }
        var last = Math.Min(request.ToHeight, donor.CommittedHeight);
        cluster.Log($"{Name} fetches blocks {request.FromHeight}..{last} from r{donor.Index}");
        for (var height = request.FromHeight; height <= last; height++)
        {
            var block = donor.Ledger[(int)height - 1];
            var outcome = node.Host!.DeliverCertifiedBlock(block.Block, block.Certificate);
            if (outcome.Result != StepResult.Accepted)
            {
                cluster.Log($"{Name} refuses fetched block {height}: {TraceCluster.Describe(outcome)}");
                return;
            }
        }
    }

    public void EpochStarted(ReplicaEpoch epoch)
    {
        var set = cluster.Epochs.ScheduleOf(node.CommittedHash).At(node.CommittedHeight + 1);
        if (node.Set is { } previous && previous.StartHeight != set.StartHeight)
        {
            var index = set.IndexOf(node.Index);
            cluster.Log($"{Name} enters {set}" + (index >= 0 ? $" as validator {index}" : ", following"));
        }
        node.Set = set;
    }
}
