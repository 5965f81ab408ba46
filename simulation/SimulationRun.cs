using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Simulation.Byzantine;

namespace ChainNode.Simulation;

/// <summary>
/// One seeded run: a faulty phase (Byzantine validators, lossy network, partitions, crashes),
/// then a healed phase in which, with at most f Byzantine validators left, a new height must
/// commit within the liveness bound. Safety invariants are checked after every commit.
/// Everything random comes from the one seeded <see cref="Random"/>, so a seed replays exactly.
/// </summary>
public sealed class SimulationRun
{
    private readonly int _seed;
    private readonly SimulationOptions _options;
    private readonly Random _random;
    private readonly SimNetwork _network;
    private readonly SimReplica[] _replicas;
    private readonly Invariants _invariants;
    private readonly TraceLog _trace;
    private readonly Scenario _scenario;
    private readonly SimRequests _requests;
    private long _now;
    private string? _violation;

    public SimulationRun(int seed, SimulationOptions options)
    {
        _seed = seed;
        _options = options;
        _random = new Random(seed);
        _trace = new TraceLog(options.TraceCapacity);
        _network = new SimNetwork(options.Validators, _random);
        _invariants = new Invariants(options.Validators);
        _requests = new SimRequests(options.Validators);
        _scenario = Scenario.Draw(seed, options, _random);
        _replicas = new SimReplica[options.Validators];
        for (var i = 0; i < options.Validators; i++)
        {
            var config = new ConsensusConfig
            {
                ValidatorCount = options.Validators,
                Self = i,
                GenesisHash = SimBlocks.GenesisHash,
                Window = options.Window,
                CheckpointInterval = options.CheckpointInterval,
                ViewChangeTimeoutTicks = options.ViewChangeTimeoutTicks,
                MaxTimeoutDoublings = options.MaxTimeoutDoublings,
                BlockIntervalTicks = 2,
            };
            var actor = _scenario.Byzantine.TryGetValue(i, out var behaviour)
                ? new ByzantineActor(i, options.Validators, behaviour, new SimAuthenticator(i, options.Validators), _random, _invariants.Proposed)
                : null;
            _replicas[i] = new SimReplica(i, config, actor);
            _replicas[i].Start();
        }
    }

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
            if (HonestHeight() > heightAtHeal + 1 && _requests.IsCommitted(probe))
                break;
        }
        if (_violation is null && HonestHeight() <= heightAtHeal + 1)
            livenessFailure = $"liveness: no new height committed within {_options.LivenessBoundTicks} ticks after healing (height {HonestHeight()}, views {string.Join(",", _replicas.Select(r => r.Core?.View))})";
        else if (_violation is null && !_requests.IsCommitted(probe))
            livenessFailure = $"censorship: a request sent to every replica at healing was not committed within {_options.LivenessBoundTicks} ticks (height {HonestHeight()}, views {string.Join(",", _replicas.Select(r => r.Core?.View))})";

        var failed = _violation is not null || livenessFailure is not null;
        return new SimulationResult(_seed, _violation, livenessFailure, _scenario.ToString(), failed ? _trace.Format() : "",
            HonestHeight(), _network.Delivered,
            _replicas.Sum(r => r.Authenticator.Verifications), _replicas.Sum(r => r.Authenticator.Signs));
    }

    /// <summary>Highest height that a quorum-independent honest replica has committed.</summary>
    private ulong HonestHeight() => _replicas.Where(r => r.IsHonest).Max(r => r.CommittedHeight);

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
        replica.Start();
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
            if (target.Core is not { } core)
                continue;
            target.Byzantine?.Observe(envelope.Message);
            var outcome = core.Step(envelope.Message);
            _trace.Message(_now, envelope.From, envelope.To, envelope.Message, outcome);
            Drain(target);
            if (_violation is not null)
                return;
        }
        if (_now % SimRequests.Interval == 0)
            _requests.Submit(_now, _replicas.Where(r => r.IsUp).Select(r => r.Index));
        foreach (var replica in _replicas)
        {
            if (replica.Core is not { } core)
                continue;
            core.Tick(_requests.OldestAge(replica.Index, _now));
            Drain(replica);
            if (replica.Byzantine is { } actor)
            {
                foreach (var (to, message) in actor.OnTick())
                    _network.Send(_now, replica.Index, to, message);
            }
        }
    }

    // Carries out a replica's Ready records in the required order until it has nothing left.
    private void Drain(SimReplica replica)
    {
        var core = replica.Core!;
        while (core.HasReady && _violation is null)
        {
            var ready = core.TakeReady();
            if (ready.Persist is { } persist)
                ReplicaStateStore.Apply(replica.PersistedState, persist);
            foreach (var outbound in ready.Messages)
                Send(replica, outbound);
            foreach (var committed in ready.Committed)
                Commit(replica, committed);
            core.Advance();
            if (ready.Proposal is { } request)
                core.Propose(BuildBlock(replica, request));
            if (ready.CatchUp is { } catchUp)
                CatchUp(replica, catchUp);
        }
    }

    private void Send(SimReplica replica, OutboundMessage outbound)
    {
        if (replica.IsHonest && outbound.Message.Kind == MessageKind.ViewChange)
            _violation ??= Invariants.CheckViewChange(replica, outbound.Message);
        for (var to = 0; to < _replicas.Length; to++)
        {
            if (to == replica.Index || outbound.To is { } only && only != to)
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

    private ChainNode.Ledger.Protos.Block BuildBlock(SimReplica replica, ProposalRequest request)
    {
        var content = _requests.Content(replica.Index, censor: replica.Byzantine?.Behaviour == ByzantineBehaviour.Censor, _random);
        var block = SimBlocks.Create(request.Height, request.View, request.ParentHash, replica.Index, content);
        _invariants.Proposed(DecodedBlock.From(block).Hash);
        return block;
    }

    // The shell's block fetch: ask another validator that has the blocks, as the node would.
    private void CatchUp(SimReplica replica, CatchUpRequest request)
    {
        var donors = _replicas.Where(r => r != replica && r.IsUp && r.CommittedHeight >= request.FromHeight).ToList();
        if (donors.Count == 0)
            return;
        var donor = donors[_random.Next(donors.Count)];
        for (var height = request.FromHeight; height <= Math.Min(request.ToHeight, donor.CommittedHeight); height++)
        {
            var block = donor.Ledger[(int)height - 1];
            var outcome = replica.Core!.DeliverCertifiedBlock(block.Block, block.Certificate);
            if (outcome.Result != StepResult.Accepted)
                break;
            Drain(replica);
            if (_violation is not null)
                return;
        }
    }
}
