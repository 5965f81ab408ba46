using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Simulation;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// A node that does not create empty blocks leaves its primary silent while no tx waits. PBFT
/// suspects a primary only while a request waits (or a height or a view change is under way);
/// these tests drive four replicas by ticks through long idle spells and check that.
/// </summary>
[TestClass]
public sealed class IdlePrimaryTests
{
    private const int N = 4;
    private const int TimeoutTicks = 10;

    [TestMethod]
    public void Replicas_holding_no_request_do_not_vote_out_a_primary_that_proposes_nothing()
    {
        var cluster = new Cluster();
        cluster.Run(ticks: 50 * TimeoutTicks, heldRequestAge: null);
        Assert.IsTrue(cluster.Replicas.All(r => r.View == 0 && r.ViewActive),
            $"views after an idle spell of 50 timeouts: [{string.Join(",", cluster.Replicas.Select(r => $"{r.View}{(r.ViewActive ? "" : "*")}"))}]");
    }

    [TestMethod]
    public void A_silent_primary_is_voted_out_once_a_request_waits()
    {
        var cluster = new Cluster();
        cluster.Run(ticks: 50 * TimeoutTicks, heldRequestAge: null);
        cluster.Run(ticks: 3 * TimeoutTicks, heldRequestAge: 1);
        Assert.IsTrue(cluster.Replicas.All(r => r.View >= 1), $"views: [{string.Join(",", cluster.Replicas.Select(r => r.View))}]");
    }

    [TestMethod]
    public void A_height_in_flight_still_times_out_while_no_request_waits()
    {
        var cluster = new Cluster();
        cluster.ProposeWhenAsked = true;
        cluster.Dropping = true; // the primary's pre-prepare reaches no one... but it holds the height itself
        cluster.Run(ticks: 3 * TimeoutTicks, heldRequestAge: null);
        Assert.IsTrue(cluster.Replicas[0].View >= 1 || !cluster.Replicas[0].ViewActive,
            "the primary, whose block never committed, gives up on its view");
    }

    [TestMethod]
    public void Checkpoints_become_stable_when_blocks_resume_after_an_idle_spell()
    {
        var cluster = new Cluster();
        cluster.Run(ticks: 50 * TimeoutTicks, heldRequestAge: null);
        cluster.ProposeWhenAsked = true;
        cluster.Run(ticks: 40, heldRequestAge: null, untilHeight: 8);
        Assert.IsTrue(cluster.Replicas.All(r => r.CommittedHeight >= 8), $"heights: [{string.Join(",", cluster.Replicas.Select(r => r.CommittedHeight))}]");
        Assert.IsTrue(cluster.Replicas.All(r => r.StableCheckpointHeight >= 4),
            $"stable checkpoints: [{string.Join(",", cluster.Replicas.Select(r => r.StableCheckpointHeight))}]");
        Assert.IsTrue(cluster.Replicas.All(r => r.View == 0), "no view change on the way");
    }

    /// <summary>Four replicas, every message delivered at once unless dropping; the primary proposes only when told to.</summary>
    private sealed class Cluster
    {
        private readonly ProposalRequest?[] _asked = new ProposalRequest?[N];
        private readonly Queue<(int To, SignedMessage Message)> _inFlight = new();

        public Cluster()
        {
            Replicas = Enumerable.Range(0, N).Select(i => new Replica(
                new ConsensusConfig { ValidatorCount = N, Self = i, GenesisHash = SimBlocks.GenesisHash, CheckpointInterval = 4, ViewChangeTimeoutTicks = TimeoutTicks, BlockIntervalTicks = 1 },
                new SimAuthenticator(i, N), new SimBlocks.Validator(), 0, SimBlocks.GenesisHash)).ToArray();
        }

        public Replica[] Replicas { get; }

        public bool ProposeWhenAsked { get; set; }

        public bool Dropping { get; set; }

        public void Run(int ticks, long? heldRequestAge, ulong untilHeight = ulong.MaxValue)
        {
            for (var t = 0; t < ticks && Replicas.Min(r => r.CommittedHeight) < untilHeight; t++)
            {
                foreach (var replica in Replicas)
                {
                    replica.Tick(heldRequestAge);
                    Drain(replica);
                }
                Settle();
            }
        }

        private void Settle()
        {
            while (true)
            {
                for (var i = 0; i < N; i++)
                {
                    if (ProposeWhenAsked && _asked[i] is { } request && Replicas[i].IsPrimary && request.View == Replicas[i].View)
                    {
                        _asked[i] = null;
                        Replicas[i].Propose(SimBlocks.Create(request.Height, request.View, request.ParentHash, i, System.Text.Encoding.UTF8.GetBytes($"h{request.Height}")));
                        Drain(Replicas[i]);
                    }
                }
                if (_inFlight.Count == 0)
                    return;
                var (to, message) = _inFlight.Dequeue();
                Replicas[to].Step(message);
                Drain(Replicas[to]);
            }
        }

        private void Drain(Replica replica)
        {
            if (!replica.HasReady)
                return;
            var ready = replica.TakeReady();
            replica.Advance();
            if (ready.Proposal is { } proposal)
                _asked[replica.Self] = proposal;
            foreach (var outbound in ready.Messages)
            {
                if (Dropping)
                    continue;
                foreach (var to in outbound.To is { } one ? [one] : Enumerable.Range(0, N).Where(i => i != replica.Self))
                    _inFlight.Enqueue((to, outbound.Message));
            }
        }
    }
}
