using ChainNode.Consensus.Hosting;
using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Node.Api;
using ChainNode.Node.Mempool;
using ChainNode.Node.Operations;
using ChainNode.Node.Peers;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Consensus;

/// <summary>
/// The single thread around the consensus host (etcd's "one loop" shape): it feeds the
/// <see cref="ReplicaHost"/> messages, ticks, proposals and fetched blocks; the host carries out
/// each Ready in the order the core demands (persist, send, commit) through this loop's
/// <see cref="IReplicaShell"/> side (ConsensusLoop.Shell.cs) and switches validator epochs.
/// </summary>
public sealed partial class ConsensusLoop
{
    private const int InboxCapacityPerPeer = 10_000;
    private const int InboxMaxPeers = 64;
    private readonly ConsensusInbox _inbox;
    private readonly ChainStore _chain;
    private readonly GenesisConfig _genesis;
    private readonly ChainExecution _execution;
    private readonly TxPool _pool;
    private readonly PeerNetwork _peers;
    private readonly BlockFeed _feed;
    private readonly NodeMetrics _metrics;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly Ledger.Crypto.PrivateKey _key;
    private readonly ReplicaHost _host;
    private readonly Func<OutboundMessage, IEnumerable<OutboundMessage>>? _tamper;
    private readonly Func<IReadOnlyList<VerifiedTransaction>, IReadOnlyList<VerifiedTransaction>>? _filterProposal;
    private readonly ProposalSizer _sizer;
    private readonly HeldTxClock _heldTxs;
    private int _txNudgePending;

    public ConsensusLoop(ConsensusLoopParts parts)
    {
        (_chain, _genesis, _key, _execution, _pool, _peers, _feed, _metrics, _log, _clock) =
            (parts.Chain, parts.Genesis, parts.Key, parts.Execution, parts.Pool, parts.Peers, parts.Feed, parts.Metrics, parts.Log, parts.Clock);
        TickMs = parts.TickMs;
        _tamper = parts.TamperOutbound;
        _filterProposal = parts.FilterProposal;
        _bootstrap = parts.Bootstrap ?? [];
        var parameters = _genesis.Parameters;
        _inbox = new ConsensusInbox(InboxMaxPeers, InboxCapacityPerPeer);
        _emptyBlocks = new EmptyBlockRule(parts.CreateEmptyBlocks, HeartbeatMs: Math.Max(TickMs, parameters.ViewChangeTimeoutMs / 2),
            IdleIntervalMs: parts.EmptyBlockIntervalSeconds * 1000L);
        _sizer = new ProposalSizer((int)parameters.MaxTxsPerBlock, parameters.ViewChangeTimeoutMs / 2);
        _heldTxs = new HeldTxClock(_pool, _clock, rescanMs: Math.Max(TickMs, parameters.ViewChangeTimeoutMs / 8));
        _host = new ReplicaHost(this, new ConsensusStateStore(parts.Records), _chain.Height, _chain.HeadBlock.Hash);
        Publish();
    }

    public int TickMs { get; }

    public ConsensusSnapshot Snapshot { get; private set; } = null!; // published by the constructor

    /// <summary>
    /// Queues a consensus message from the peer holding <paramref name="from"/>; waits while that
    /// peer's queue is full. Peers send only their own messages: one whose sender is not that
    /// key's validator is relaying or forgery, and is dropped.
    /// </summary>
    public async ValueTask EnqueueAsync(Ledger.Crypto.PublicKey from, SignedMessage message, CancellationToken cancel)
    {
        if (!await _inbox.EnqueueAsync(from, message, cancel))
            _metrics.ConsensusMessageRejected();
    }

    /// <summary>Tells the loop new txs arrived (a primary waiting for txs may propose now). Coalesced.</summary>
    public void NotifyTxs()
    {
        if (Interlocked.Exchange(ref _txNudgePending, 1) == 0)
            _inbox.Post(new LoopEvent.TxsArrived());
    }

    public async Task RunAsync(CancellationToken cancel)
    {
        _stopping = cancel;
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(TickMs), _clock);
        var ticks = TickAsync(ticker, cancel);
        _log.LogInformation("Consensus started at height {Height}, view {View} ({Role}, tick {TickMs} ms)",
            _chain.Height, _host.View, Role(_host.Epoch), TickMs);
        try
        {
            await foreach (var input in _inbox.ReadAllAsync(cancel))
                Handle(input);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        await ticks;
    }

    private async Task TickAsync(PeriodicTimer ticker, CancellationToken cancel)
    {
        try
        {
            while (await ticker.WaitForNextTickAsync(cancel))
                _inbox.Tick();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Handle(LoopEvent input)
    {
        switch (input)
        {
            case LoopEvent.Inbound inbound:
                if (!SentByItsSigner(inbound))
                    break;
                var outcome = _host.Step(inbound.Message);
                if (outcome.Result == StepResult.Rejected)
                {
                    _metrics.ConsensusMessageRejected();
                    _log.LogWarning("Rejected {Kind} from validator {From}: {Reason}", inbound.Message.Kind, inbound.From, outcome.Reason);
                }
                break;
            case LoopEvent.Tick:
                // Idle (no tx held) excuses a primary only where empty blocks are off: with them on, a
                // primary owes a block every half timeout, and one that sends none (dead, Byzantine)
                // must still be replaced while the network idles.
                _host.Tick(_heldTxs.OldestAgeMs() is { } age ? age / TickMs : _emptyBlocks.CreateEmptyBlocks ? 0 : null);
                break;
            case LoopEvent.TxsArrived:
                Interlocked.Exchange(ref _txNudgePending, 0);
                break;
            case LoopEvent.Fetched fetched:
                DeliverFetched(fetched);
                break;
            case LoopEvent.FetchFailed failed:
                OnFetchFailed(failed);
                break;
        }
        Publish();
        ProposeEarlyIfPoolFull();
        MaybePropose();
        if (input is LoopEvent.Tick)
            MaybeCatchUp();
    }

    private void ApplyCommitted(CommittedBlock committed)
    {
        var block = committed.Decoded;
        var started = _clock.GetTimestamp();
        // The chain store compares the state root (the one comparison at commit).
        var result = _execution.Execute(block, out _);
        try
        {
            _chain.Commit(block, committed.Certificate, result);
        }
        catch (BlockRejectedException e) when (e.StateRootDiffers)
        {
            throw new LedgerDivergedException($"Committed block {block.Height} ({block.Hash}): {e.Problem}. This node's state has diverged from the quorum; stopping.");
        }
        _execution.Cache.PruneAtOrBelow(block.Height);
        UpdatePeersIfScheduleChanged();

        var hashes = block.TxHashes;
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        _sizer.Committed(block.Height, now);
        var held = _pool.RemoveCommitted(hashes, _chain.State);
        foreach (var entry in held)
            _metrics.CommitLatency.Observe(TimeSpan.FromMilliseconds(Math.Max(0, now - entry.AdmittedAtMs)));
        if (held.Count > 0)
            _heldTxs.HeldTxsCommitted();
        _metrics.BlockCommitted(hashes.Count);
        _feed.Publish(block, committed.Certificate);
        if (hashes.Count > 0 || block.Height % 50 == 0)
        {
            _log.LogInformation("Committed block {Height} {Hash} with {Txs} txs in view {View} ({Signers} signatures, applied in {Ms:F1} ms)",
                block.Height, block.Hash.ToString()[..16], hashes.Count, committed.Certificate.View, committed.Certificate.Signatures.Count,
                _clock.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private void Publish() => Snapshot = new ConsensusSnapshot(_host.View, _host.ViewActive,
        _epoch.Validators.PrimaryIndexOf(_host.View), _host.CommittedHeight, _epoch);
}

/// <summary>Everything the loop works with, gathered by the node's composition root.</summary>
public sealed record ConsensusLoopParts(
    ChainStore Chain, IConsensusRecordStore Records, GenesisConfig Genesis, Ledger.Crypto.PrivateKey Key, ChainExecution Execution, TxPool Pool,
    PeerNetwork Peers, BlockFeed Feed, NodeMetrics Metrics, ILogger Log, TimeProvider Clock, int TickMs,
    Func<OutboundMessage, IEnumerable<OutboundMessage>>? TamperOutbound = null,
    Func<IReadOnlyList<VerifiedTransaction>, IReadOnlyList<VerifiedTransaction>>? FilterProposal = null,
    IReadOnlyList<Ledger.Blocks.Validator>? Bootstrap = null, bool CreateEmptyBlocks = true, int EmptyBlockIntervalSeconds = 0);

/// <summary>This node executed a committed block differently from the quorum that certified it.</summary>
public sealed class LedgerDivergedException(string message) : Exception(message);
