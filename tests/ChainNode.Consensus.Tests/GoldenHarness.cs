using ChainNode.Consensus.Hosting;
using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using ChainNode.Simulation;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// Drives replicas through the node's <see cref="ReplicaHost"/> over a perfect FIFO network
/// (every message arrives on the next tick, in send order) and writes a readable log of inputs
/// and every message delivered, for golden traces.
/// </summary>
internal sealed class GoldenHarness
{
    private readonly ReplicaHost[] _hosts;
    private readonly HashSet<int> _silent;
    private readonly List<(int From, int To, SignedMessage Message)> _inFlight = [];
    private readonly List<string> _log = [];
    private long _tick;

    public GoldenHarness(int validators, int timeoutTicks, params int[] silent)
    {
        _silent = [.. silent];
        _hosts = new ReplicaHost[validators];
        for (var i = 0; i < validators; i++)
        {
            var shell = new Shell(this, i, validators, timeoutTicks);
            _hosts[i] = new ReplicaHost(shell, new ConsensusStateStore(shell.Records), 0, SimBlocks.GenesisHash);
        }
        _log.Add($"# {validators} validators; silent: [{string.Join(",", silent)}]; view-change timeout {timeoutTicks} ticks");
    }

    public IReadOnlyList<Replica> Replicas => _hosts.Select(h => h.Replica!).ToList();

    /// <summary>Every message delivered so far, in order: a corpus of valid traffic.</summary>
    public List<SignedMessage> Delivered { get; } = [];

    /// <summary>While set, every COMMIT is lost: blocks get prepared but not committed.</summary>
    public bool DropCommits { get; set; }

    /// <summary>From now on, <paramref name="replica"/> sends nothing (a crashed or silent primary).</summary>
    public void Silence(int replica) => _silent.Add(replica);

    /// <summary>Runs until every non-silent replica has committed <paramref name="height"/>, or the tick limit.</summary>
    public string RunUntilCommitted(ulong height, int maxTicks)
    {
        while (_tick < maxTicks && _hosts.Where((_, i) => !_silent.Contains(i)).Any(h => h.CommittedHeight < height))
        {
            _tick++;
            var delivering = _inFlight.ToList();
            _inFlight.Clear();
            foreach (var (from, to, message) in delivering)
            {
                Delivered.Add(message);
                var outcome = _hosts[to].Step(message);
                _log.Add($"t={_tick} {from}->{to} {TraceLog.Describe(message)}: {outcome.Result}{(outcome.Reason is null ? "" : $" ({outcome.Reason})")}");
            }
            foreach (var host in _hosts)
                host.Tick();
        }
        _log.Add($"# stopped at t={_tick}: heights [{string.Join(",", _hosts.Select(h => h.CommittedHeight))}], views [{string.Join(",", _hosts.Select(h => h.View))}]");
        return string.Join('\n', _log) + '\n';
    }

    private sealed class Shell(GoldenHarness harness, int index, int validators, int timeoutTicks) : IReplicaShell
    {
        private readonly List<CommittedBlock> _ledger = [];

        public SimRecordStore Records => field ??= new SimRecordStore(() => (ulong)_ledger.Count, h => _ledger[(int)h - 1].Block);

        public ReplicaEpoch EpochAfter(ulong committedHeight, Hash32 committedHash) => new(1, SimBlocks.GenesisHash, validators,
            new SimAuthenticator(index, validators), new SimBlocks.Validator(), new ConsensusConfig
            {
                ValidatorCount = validators,
                Self = index,
                GenesisHash = SimBlocks.GenesisHash,
                Window = 1,
                CheckpointInterval = 2,
                ViewChangeTimeoutTicks = timeoutTicks,
                BlockIntervalTicks = 1,
            });

        public void Persisted(PersistentChanges persist) =>
            harness._log.Add($"t={harness._tick} {index} persists view {persist.View}{(persist.ViewActive ? "" : " (changing)")}, {persist.Votes.Count} votes, {persist.Prepared.Count} prepared");

        public void Send(OutboundMessage outbound)
        {
            if (harness._silent.Contains(index) || harness.DropCommits && outbound.Message.Kind == MessageKind.Commit)
                return;
            for (var to = 0; to < harness._hosts.Length; to++)
            {
                if (to != index && (outbound.To is null || outbound.To == to))
                    harness._inFlight.Add((index, to, outbound.Message));
            }
        }

        public void Commit(CommittedBlock committed)
        {
            _ledger.Add(committed);
            harness._log.Add($"t={harness._tick} {index} commits h={committed.Height} {TraceLog.Abbreviate(committed.Hash.Span)} view {committed.Certificate.View} signers [{string.Join(",", committed.Certificate.Signatures.Select(s => s.ValidatorIndex))}]");
        }

        public void WantProposal(ProposalRequest request)
        {
            var block = SimBlocks.Create(request.Height, request.View, request.ParentHash, index, System.Text.Encoding.UTF8.GetBytes($"h{request.Height} v{request.View}"));
            harness._log.Add($"t={harness._tick} {index} proposes h={request.Height} v={request.View} {TraceLog.Abbreviate(DecodedBlock.From(block).Hash.Span)}");
            harness._hosts[index].Propose(block);
        }

        public void WantBlocks(CatchUpRequest request)
        {
        }

        public void EpochStarted(ReplicaEpoch epoch)
        {
        }
    }
}
