using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using ChainNode.Simulation;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// Drives replicas over a perfect FIFO network (every message arrives on the next tick, in send
/// order) and writes a readable log of inputs and every message delivered, for golden traces.
/// </summary>
internal sealed class GoldenHarness
{
    private readonly Replica[] _replicas;
    private readonly HashSet<int> _silent;
    private readonly List<(int From, int To, SignedMessage Message)> _inFlight = [];
    private readonly List<string> _log = [];
    private long _tick;

    public GoldenHarness(int validators, int timeoutTicks, params int[] silent)
    {
        _silent = [.. silent];
        _replicas = Enumerable.Range(0, validators).Select(i => new Replica(
            new ConsensusConfig
            {
                ValidatorCount = validators,
                Self = i,
                GenesisHash = SimBlocks.GenesisHash,
                Window = 1,
                CheckpointInterval = 2,
                ViewChangeTimeoutTicks = timeoutTicks,
                BlockIntervalTicks = 1,
            },
            new SimAuthenticator(i, validators),
            new SimBlocks.Validator(),
            0,
            SimBlocks.GenesisHash)).ToArray();
        _log.Add($"# {validators} validators; silent: [{string.Join(",", silent)}]; view-change timeout {timeoutTicks} ticks");
    }

    public IReadOnlyList<Replica> Replicas => _replicas;

    /// <summary>Every message delivered so far, in order: a corpus of valid traffic.</summary>
    public List<SignedMessage> Delivered { get; } = [];

    /// <summary>While set, every COMMIT is lost: blocks get prepared but not committed.</summary>
    public bool DropCommits { get; set; }

    /// <summary>From now on, <paramref name="replica"/> sends nothing (a crashed or silent primary).</summary>
    public void Silence(int replica) => _silent.Add(replica);

    /// <summary>Runs until every non-silent replica has committed <paramref name="height"/>, or the tick limit.</summary>
    public string RunUntilCommitted(ulong height, int maxTicks)
    {
        while (_tick < maxTicks && _replicas.Where((_, i) => !_silent.Contains(i)).Any(r => r.CommittedHeight < height))
        {
            _tick++;
            var delivering = _inFlight.ToList();
            _inFlight.Clear();
            foreach (var (from, to, message) in delivering)
            {
                Delivered.Add(message);
                var outcome = _replicas[to].Step(message);
                _log.Add($"t={_tick} {from}->{to} {TraceLog.Describe(message)}: {outcome.Result}{(outcome.Reason is null ? "" : $" ({outcome.Reason})")}");
                Drain(to);
            }
            for (var i = 0; i < _replicas.Length; i++)
            {
                _replicas[i].Tick();
                Drain(i);
            }
        }
        _log.Add($"# stopped at t={_tick}: heights [{string.Join(",", _replicas.Select(r => r.CommittedHeight))}], views [{string.Join(",", _replicas.Select(r => r.View))}]");
        return string.Join('\n', _log) + '\n';
    }

    private void Drain(int index)
    {
        var replica = _replicas[index];
        while (replica.HasReady)
        {
            var ready = replica.TakeReady();
            if (ready.Persist is { } persist)
                _log.Add($"t={_tick} {index} persists view {persist.View}{(persist.ViewActive ? "" : " (changing)")}, {persist.Votes.Count} votes, {persist.Prepared.Count} prepared");
            foreach (var outbound in ready.Messages)
            {
                if (_silent.Contains(index) || DropCommits && outbound.Message.Kind == MessageKind.Commit)
                    continue;
                for (var to = 0; to < _replicas.Length; to++)
                {
                    if (to != index && (outbound.To is null || outbound.To == to))
                        _inFlight.Add((index, to, outbound.Message));
                }
            }
            foreach (var committed in ready.Committed)
                _log.Add($"t={_tick} {index} commits h={committed.Height} {TraceLog.Abbreviate(committed.Hash.Span)} view {committed.Certificate.View} signers [{string.Join(",", committed.Certificate.Signatures.Select(s => s.ValidatorIndex))}]");
            replica.Advance();
            if (ready.Proposal is { } request)
            {
                var block = SimBlocks.Create(request.Height, request.View, request.ParentHash, index, System.Text.Encoding.UTF8.GetBytes($"h{request.Height} v{request.View}"));
                _log.Add($"t={_tick} {index} proposes h={request.Height} v={request.View} {TraceLog.Abbreviate(DecodedBlock.From(block).Hash.Span)}");
                replica.Propose(block);
            }
        }
    }
}
