using ChainNode.Consensus.Hosting;
using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using ChainNode.Simulation.Byzantine;
using ChainNode.Simulation.Reconfiguration;

namespace ChainNode.Simulation;

/// <summary>
/// One seeded run: a faulty phase (Byzantine validators, lossy network, partitions, crashes),
/// then a healed phase in which, with at most f Byzantine validators left, a new height must
/// commit within the liveness bound. Safety invariants are checked after every commit. With
/// <see cref="SimulationOptions.Reconfigure"/> the validator set also changes under the faults
/// (blocks carry the changes, the chain alone decides each epoch), and liveness also requires
/// every change committed and every honest joiner voting.
/// Everything random comes from the one seeded <see cref="Random"/>, so a seed replays exactly.
/// </summary>
public sealed class SimulationRun
{
    private readonly int _seed;
    private readonly SimulationOptions _options;
    private readonly Random _random;
    private readonly SimNetwork _network;
    private readonly SimReplica[] _replicas;
    private readonly SimShell[] _shells;
    private readonly Invariants _invariants;
    private readonly TraceLog _trace;
    private readonly Scenario _scenario;
    private readonly SimRequests _requests;
    private readonly EpochRegistry _epochs;
    private readonly HashSet<int> _voted = [];
    private long _now;
    private string? _violation;

    public SimulationRun(int seed, SimulationOptions options)
    {
        _seed = seed;
        _options = options;
        _random = new Random(seed);
        _trace = new TraceLog(options.TraceCapacity);
        _scenario = Scenario.Draw(seed, options, _random);
        var nodes = _scenario.Nodes(options.Validators);
        _network = new SimNetwork(nodes, _random);
        _epochs = new EpochRegistry(options.Validators);
        _invariants = new Invariants(_epochs);
        _requests = new SimRequests(nodes);
        _replicas = new SimReplica[nodes];
        _shells = new SimShell[nodes];
        for (var i = 0; i < nodes; i++)
        {
            var actor = _scenario.Byzantine.TryGetValue(i, out var behaviour)
                ? new ByzantineActor(i, nodes, behaviour, _random, Built)
                : null;
            _replicas[i] = new SimReplica(i, actor);
            _shells[i] = new SimShell(this, _replicas[i]);
            _replicas[i].Start(_shells[i]);
        }
    }

    /// <summary>The protocol parameters every validator runs with; each epoch fills in the set.</summary>
    private ConsensusConfig Template => new()
    {
        ValidatorCount = 1,
        Self = 0,
        GenesisHash = SimBlocks.GenesisHash,
        Window = _options.Window,
        CheckpointInterval = _options.CheckpointInterval,
        ViewChangeTimeoutTicks = _options.ViewChangeTimeoutTicks,
        MaxTimeoutDoublings = _options.MaxTimeoutDoublings,
        BlockIntervalTicks = 2,
    };

    public IReadOnlyList<SimReplica> Replicas => _replicas;

    public SimulationResult Run()
    {
        try
        {
            return RunPhases();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NullReferenceException or FormatException)
        {
            // A replica that throws is a bug as serious as a safety violation: report it with the trace.
            _violation = $"replica threw at t={_now}: {e}";
            return new SimulationResult(_seed, _violation, null, _scenario.ToString(), _trace.Format(), HonestHeight(), _network.Delivered, 0, 0);
        }
    }

    private SimulationResult RunPhases()
    {
        _network.DropRate = _scenario.DropRate;
        _network.DuplicateRate = _scenario.DuplicateRate;
        _network.MaxDelay = _scenario.MaxDelay;
        for (_now = 0; _now < _options.FaultTicks && _violation is null; _now++)
        {
            ApplyFaults();
            Step();
        }

        _network.Heal();
        foreach (var replica in _replicas.Where(r => !r.IsUp))
            Restart(replica);
        _trace.Event(_now, "network healed, crashed replicas restarted");
        var heightAtHeal = HonestHeight();
        var probe = _requests.Submit(_now, _replicas.Select(r => r.Index));
        var end = _now + _options.LivenessBoundTicks;
        string? livenessFailure = null;
        for (; _now < end && _violation is null; _now++)
        {
            Step();
            if (HonestHeight() > heightAtHeal + 1 && _requests.IsCommitted(probe) && ReconfigurationShortfall() is null)
                break;
        }
        if (_violation is null && HonestHeight() <= heightAtHeal + 1)
            livenessFailure = $"liveness: no new height committed within {_options.LivenessBoundTicks} ticks after healing (height {HonestHeight()}, views {string.Join(",", _replicas.Select(r => r.Core?.View))})";
        else if (_violation is null && !_requests.IsCommitted(probe))
            livenessFailure = $"censorship: a request sent to every replica at healing was not committed within {_options.LivenessBoundTicks} ticks (height {HonestHeight()}, views {string.Join(",", _replicas.Select(r => r.Core?.View))})";
        else if (_violation is null && ReconfigurationShortfall() is { } shortfall)
            livenessFailure = $"reconfiguration: {shortfall} within {_options.LivenessBoundTicks} ticks after healing (height {HonestHeight()}, {_epochs.ScheduleOf(HonestHead().CommittedHash).Latest})";

        var failed = _violation is not null || livenessFailure is not null;
        return new SimulationResult(_seed, _violation, livenessFailure, _scenario.ToString(), failed ? _trace.Format() : "",
            HonestHeight(), _network.Delivered,
            _replicas.Sum(r => r.Signatures.Verifications), _replicas.Sum(r => r.Signatures.Signs),
            _epochs.ScheduleOf(HonestHead().CommittedHash).Latest.ToString());
    }

    /// <summary>Highest height that a quorum-independent honest replica has committed.</summary>
    private ulong HonestHeight() => _replicas.Where(r => r.IsHonest).Max(r => r.CommittedHeight);

    private SimReplica HonestHead() => _replicas.Where(r => r.IsHonest).MaxBy(r => r.CommittedHeight)!;

    /// <summary>What the planned reconfiguration still lacks: a change not committed, or an honest joiner of the final set that never voted.</summary>
    private string? ReconfigurationShortfall()
    {
        if (_scenario.Reconfiguration is not { } plan)
            return null;
        var schedule = _epochs.ScheduleOf(HonestHead().CommittedHash);
        if (plan.Changes.FirstOrDefault(c => !schedule.HasApplied(c.Command.Id)) is { Command: { } missing })
            return $"change #{missing.Id} was not committed";
        var final = schedule.Latest;
        var silent = final.Members.Where(m => m.Node >= _options.Validators && _replicas[m.Node].IsHonest && !_voted.Contains(m.Node)).ToList();
        if (final.StartHeight > HonestHeight() || silent.Count > 0)
            return $"joined node(s) [{string.Join(",", silent.Select(m => m.Node))}] never voted in the epoch starting at {final.StartHeight}";
        return null;
    }

    private void ApplyFaults()
    {
        if (_scenario.Partition is { } partition)
        {
            if (_now == partition.From)
            {
                _network.Partition(partition.Side);
                _trace.Event(_now, $"partition [{string.Join(",", partition.Side)}] from the rest");
            }
            else if (_now == partition.To)
            {
                _network.Partition([]);
                _trace.Event(_now, "partition healed");
            }
        }
        foreach (var (replica, crashAt, restartAt) in _scenario.Crashes)
        {
            if (_now == crashAt && _replicas[replica].IsUp)
            {
                _replicas[replica].Crash();
                _trace.Event(_now, $"replica {replica} crashed");
            }
            else if (_now == restartAt && !_replicas[replica].IsUp)
            {
                Restart(_replicas[replica]);
            }
        }
    }

    private void Restart(SimReplica replica)
    {
        replica.Start(_shells[replica.Index]);
        _trace.Event(_now, $"replica {replica.Index} restarted at height {replica.CommittedHeight}");
    }

    // Far more traffic than any healthy run produces: replicas are amplifying each other.
    private const int MessageStormThreshold = 100_000;

    private void Step()
    {
        if (_network.InFlight > MessageStormThreshold)
        {
            _violation ??= $"message storm: {_network.InFlight:N0} messages in flight at t={_now}";
            return;
        }
        foreach (var envelope in _network.TakeDue(_now))
        {
            var target = _replicas[envelope.To];
            if (target.Host is not { } host)
                continue;
            target.Byzantine?.Observe(envelope.Message);
            var outcome = host.Step(envelope.Message);
            _trace.Message(_now, envelope.From, envelope.To, envelope.Message, outcome);
            if (_violation is not null)
                return;
        }
        if (_now % SimRequests.Interval == 0)
            _requests.Submit(_now, _replicas.Where(r => r.IsUp).Select(r => r.Index));
        foreach (var replica in _replicas)
        {
            if (replica.Host is not { } host)
                continue;
            host.Tick(_requests.OldestAge(replica.Index, _now));
            if (replica.Byzantine is { } actor)
            {
                foreach (var (to, message) in actor.OnTick())
                    _network.Send(_now, replica.Index, to, message);
            }
        }
    }

    private void Send(SimReplica replica, OutboundMessage outbound)
    {
        if (replica.IsHonest && outbound.Message.Kind == MessageKind.ViewChange)
            _violation ??= Invariants.CheckViewChange(replica, outbound.Message);
        if (outbound.Message.Kind == MessageKind.Commit)
            _voted.Add(replica.Index);
        // A message to one validator names its index in the sender's epoch; every node hears a broadcast.
        int? onlyNode = outbound.To is { } only ? replica.Set!.Members[only].Node : null;
        for (var to = 0; to < _replicas.Length; to++)
        {
            if (to == replica.Index || onlyNode is { } node && node != to)
                continue;
            if (replica.Byzantine is { } actor)
            {
                foreach (var (target, message) in actor.Rewrite(to, outbound.Message))
                    _network.Send(_now, replica.Index, target, message);
            }
            else
            {
                _network.Send(_now, replica.Index, to, outbound.Message);
            }
        }
    }

    private void Commit(SimReplica replica, CommittedBlock committed)
    {
        var previous = replica.CommittedHash;
        replica.Ledger.Add(committed);
        _requests.Committed(replica.Index, replica.IsHonest, committed.Block, _now);
        if (replica.IsHonest)
            _violation ??= _invariants.CheckCommit(replica, committed, previous);
    }

    // A height the parent's schedule puts in the next epoch is the next set's to build: no answer
    // (the host discards this replica when the epoch's last block commits).
    private void Propose(SimReplica replica, ProposalRequest request)
    {
        if (_violation is null && _epochs.EpochProblem(request.ParentHash, request.Height, replica.Host!.Epoch.StartHeight) is null)
            replica.Host!.Propose(BuildBlock(replica, request));
    }

    private ChainNode.Ledger.Protos.Block BuildBlock(SimReplica replica, ProposalRequest request)
    {
        var content = _requests.Content(replica.Index, censor: replica.Byzantine?.Behaviour == ByzantineBehaviour.Censor, _random);
        var changes = DueChanges(replica, _epochs.ScheduleOf(request.ParentHash));
        var block = SimBlocks.Create(request.Height, request.View, request.ParentHash, replica.Index, content,
            changes: changes.Count > 0 ? SimCommand.Encode(changes) : null);
        Built(block);
        return block;
    }

    /// <summary>The planned changes due by now that the parent's chain has not applied, as this builder would propose them.</summary>
    private List<SimCommand> DueChanges(SimReplica builder, EpochSchedule parent)
    {
        if (_scenario.Reconfiguration is not { } plan)
            return [];
        return plan.Changes
            .Where(c => c.Tick <= _now && !parent.HasApplied(c.Command.Id))
            .Select(c => c.Command.Node == ReconfigurationPlan.ProposerItself ? c.Command with { Node = builder.Index } : c.Command)
            .Where(parent.Allows)
            .ToList();
    }

    /// <summary>Every block anyone builds: registered with its epoch schedule, and remembered as proposed.</summary>
    private void Built(ChainNode.Ledger.Protos.Block block)
    {
        var decoded = DecodedBlock.From(block);
        _epochs.Register(decoded, out _);
        _invariants.Proposed(decoded.Hash);
    }

    // The shell's block fetch: ask another validator that has the blocks, as the node would.
    private void CatchUp(SimReplica replica, CatchUpRequest request)
    {
        if (_violation is not null)
            return;
        var donors = _replicas.Where(r => r != replica && r.IsUp && r.CommittedHeight >= request.FromHeight).ToList();
        if (donors.Count == 0)
            return;
        var donor = donors[_random.Next(donors.Count)];
        for (var height = request.FromHeight; height <= Math.Min(request.ToHeight, donor.CommittedHeight); height++)
        {
            var block = donor.Ledger[(int)height - 1];
            var outcome = replica.Host!.DeliverCertifiedBlock(block.Block, block.Certificate);
            if (outcome.Result != StepResult.Accepted || _violation is not null)
                return;
        }
    }

    /// <summary>The simulator's side of one replica's host: the network, the ledger, block building and fetching.</summary>
    private sealed class SimShell(SimulationRun run, SimReplica replica) : IReplicaShell
    {
        private (ReplicaEpoch Epoch, SimValidatorSet Set)? _last;

        // The chain up to the committed block alone decides the epoch (through the registry).
        public ReplicaEpoch EpochAfter(ulong committedHeight, Hash32 committedHash)
        {
            var set = run._epochs.ScheduleOf(committedHash).At(committedHeight + 1);
            if (_last is { } last && last.Set.StartHeight == set.StartHeight)
                return last.Epoch;
            var epoch = SimEpochs.For(replica.Index, set, run._epochs, replica.Signatures, run.Template, run._options.ViewChangeTimeoutTicks);
            _last = (epoch, set);
            return epoch;
        }

        public void Persisted(PersistentChanges changes)
        {
        }

        public void Send(OutboundMessage message) => run.Send(replica, message);

        public void Commit(CommittedBlock block) => run.Commit(replica, block);

        public void WantProposal(ProposalRequest request) => run.Propose(replica, request);

        public void WantBlocks(CatchUpRequest request) => run.CatchUp(replica, request);

        public void EpochStarted(ReplicaEpoch epoch)
        {
            var set = _last!.Value.Set;
            var index = set.IndexOf(replica.Index);
            if (replica.Set is { } previous && previous.StartHeight != set.StartHeight)
                run._trace.Event(run._now, $"node {replica.Index} enters {set}" + (index >= 0 ? $" as validator {index}" : ", following"));
            replica.Set = set;
            replica.Byzantine?.EnterEpoch(set.StartHeight, index, set.Count, (SimAuthenticator)epoch.Authenticator);
        }
    }
}
