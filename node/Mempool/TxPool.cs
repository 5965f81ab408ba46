using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Mempool;

/// <summary>
/// The mempool. Admission checks the signature once (outside the lock, so both cores verify),
/// then chain id, and the <see cref="TransactionPolicy"/> it shares with execution: membership,
/// nonce order and balance against committed state plus what the sender already has pending. Bounded by count and bytes; a full pool refuses with an error
/// and never evicts silently. Thread-safe.
/// </summary>
public sealed class TxPool(string chainId, TxPoolLimits limits, Func<IStateView> committedState,
    Func<Hash32, ulong?> committedHeightOf, bool contractsEnabled, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Hash32, MempoolEntry> _byHash = [];
    private readonly Dictionary<Address, SenderQueue> _bySender = [];
    private long _bytes;
    private long _sequence;
    private int _aheadOfGap;
    // About a second of checks at full load: a proposal's check must still be here when its gossip arrives.
    private readonly SignatureCheckMemo _checks = new(limits.MaxTxs * 8, limits.MaxBytes);

    public int Count { get { lock (_gate) return _byHash.Count; } }

    public long Bytes { get { lock (_gate) return _bytes; } }

    /// <summary>Tx signatures this node checked since start, for admission and for blocks it executed.</summary>
    public long SignatureChecks => _checks.Checks;

    /// <param name="local">True for txs submitted to this node's API: this node keeps gossiping them until they commit.</param>
    public VerifiedTransaction Admit(SignedTx tx, bool local = false) => Admit(tx, TransactionCodec.HashOf(tx), local);

    /// <summary><see cref="Admit(SignedTx, bool)"/> when the caller already computed the tx hash.</summary>
    public VerifiedTransaction Admit(SignedTx tx, Hash32 hash, bool local = false)
    {
        var size = tx.CalculateSize();
        if (size > TransactionCodec.MaxEncodedSize)
            throw new TxRejectedException(RejectReason.TooLarge, $"the tx is {size} bytes; the limit is {TransactionCodec.MaxEncodedSize}");
        var state = committedState();
        var epoch = LatestEpochOf(state);
        lock (_gate)
        {
            if (_byHash.ContainsKey(hash))
                throw new TxRejectedException(RejectReason.Duplicate, $"tx {hash} is already pending");
            // Refuse before the signature check when full: under overload the cores must go to
            // consensus, not to verifying txs that cannot be kept.
            ThrowIfFull(size, local, epoch.Validators);
        }
        var parsed = Parse(tx, hash);
        var body = parsed.Body;
        // Gossip often brings txs that just committed. Every committed tx used up its nonce, so
        // a nonce the account has passed refuses them from the state cache, before the costly
        // signature check; only then is the tx index read, to say which it was.
        var committedBytes = state.ReadAccountBytes(parsed.SenderAddress);
        var committedAccount = StateViewReads.ParseAccount(committedBytes, parsed.SenderAddress);
        var committedNonce = committedAccount?.Nonce ?? 0;
        if (TransactionPolicy.NonceUnused(body.Nonce, committedNonce) is { } used)
        {
            throw committedHeightOf(hash) is { } height
                ? new TxRejectedException(RejectReason.Duplicate, $"tx {hash} is already committed in block {height}")
                : new TxRejectedException(used);
        }
        // Every cheap refusal comes before the signature check, so outsiders and malformed txs
        // cannot buy a core's time for free.
        var sender = parsed.SenderAddress;
        if (TransactionPolicy.Membership(state, sender) is { } notMember)
            throw new TxRejectedException(notMember);
        if (body.PayloadCase is TxBody.PayloadOneofCase.Deploy or TxBody.PayloadOneofCase.Call && !contractsEnabled)
            throw new TxRejectedException(RejectReason.Unsupported, "contract deploys and calls are not enabled on this chain");
        if (GovernanceExecutor.IsGovernance(body) && GovernanceExecutor.NotAdminProblem(state, sender) is { } notAdmin)
            throw new TxRejectedException(RejectReason.NotAdmin, notAdmin);
        if (TransactionPolicy.GasLimit(body) is { } gasTooLow)
            throw new TxRejectedException(gasTooLow);
        var verified = Verify(parsed);
        var cost = UpfrontCost.Of(body, epoch.GasPrice);

        lock (_gate)
        {
            // Read under the lock: a commit removes entries under it too, so the account's nonce
            // and the pending queue are seen at the same moment. Unchanged bytes need no second parse.
            var accountBytes = state.ReadAccountBytes(sender);
            var account = (ReferenceEquals(accountBytes, committedBytes) ? committedAccount : StateViewReads.ParseAccount(accountBytes, sender)) ?? new Account();
            if (_byHash.ContainsKey(hash))
                throw new TxRejectedException(RejectReason.Duplicate, $"tx {hash} is already pending");
            if (TransactionPolicy.NonceUnused(body.Nonce, account.Nonce) is { } usedMeanwhile)
                throw new TxRejectedException(usedMeanwhile);
            var queue = _bySender.GetValueOrDefault(sender);
            if (queue is not null && queue.Count >= limits.MaxPerSender)
                throw new TxRejectedException(RejectReason.MempoolFull, $"sender {sender} already has {queue.Count} pending txs, the most one sender may hold; retry when some have committed");
            if (queue is not null && queue.Contains(body.Nonce))
                throw new TxRejectedException(RejectReason.NonceTaken, $"another tx with nonce {body.Nonce} from {sender} is already pending");
            var next = queue?.NextNonce(account.Nonce) ?? account.Nonce;
            if (TransactionPolicy.NonceWithinGap(body.Nonce, next, limits.MaxNonceGap) is { } tooFarAhead)
                throw new TxRejectedException(tooFarAhead);
            var pendingSpend = queue?.PendingSpend(account.Nonce) ?? 0;
            if (TransactionPolicy.AffordableWithPending(cost, account.Balance, pendingSpend) is { } cannotAfford)
                throw new TxRejectedException(cannotAfford);
            ThrowIfFull(size, local, epoch.Validators);
            // Txs waiting behind a gap cannot run yet; left unbounded they could fill the pool
            // and lock out the very txs that would fill their gaps. (Gossip is exempt: a peer's
            // batch is admitted in parallel, so its in-order txs may arrive here out of order.)
            var aheadOfGap = body.Nonce > next;
            if (aheadOfGap && local && _aheadOfGap >= MaxAheadOfGap)
                throw new TxRejectedException(RejectReason.MempoolFull, $"the mempool's share for txs waiting behind a nonce gap is full ({_aheadOfGap} of {MaxAheadOfGap}); send nonce {next} first, or retry later");

            var entry = new MempoolEntry(verified, size, _sequence++, clock.GetUtcNow().ToUnixTimeMilliseconds(), (ulong)cost.Total, local) { AdmittedAheadOfGap = aheadOfGap };
            if (aheadOfGap)
                _aheadOfGap++;
            _byHash[hash] = entry;
            if (queue is null)
                _bySender[sender] = queue = new SenderQueue();
            queue.Add(entry);
            _bytes += size;
        }
        return verified;
    }

    /// <summary>
    /// A block's tx as execution needs it: the pool's entry, or this node's one check of it
    /// (shared with its gossip if that comes while or after the block runs). Throws
    /// <see cref="InvalidTransactionException"/> if it does not verify.
    /// </summary>
    public VerifiedTransaction CheckForExecution(SignedTx tx, Hash32 hash) =>
        Lookup(tx, hash) ?? _checks.Check(TransactionCodec.Parse(tx, chainId, hash));

    // The epochs change only through governance, yet admission needs the gas price and the
    // validator count for every tx: parse the epochs again only when the stored record is a
    // different array. The pool does not know the head height, so it takes the last scheduled
    // epoch: in force now or within EpochRules.ActivationDelay blocks. (A class, so admissions
    // running in parallel swap it whole.)
    private sealed record EpochRecord(byte[]? Stored, ulong GasPrice, int Validators);

    private EpochRecord? _epoch;

    private EpochRecord LatestEpochOf(IStateView state)
    {
        var stored = state.Get(StateKeys.Epochs);
        if (_epoch is { } known && ReferenceEquals(stored, known.Stored))
            return known;
        var latest = state.LatestEpoch();
        var epoch = new EpochRecord(stored, latest.ParametersOrDefault().GasPrice, latest.Validators.Count);
        if (stored is not null)
            _epoch = epoch;
        return epoch;
    }

    /// <summary>At most a quarter of the pool may wait behind nonce gaps.</summary>
    private int MaxAheadOfGap => Math.Max(1, limits.MaxTxs / 4);

    /// <summary>Why a client's tx would be refused as <see cref="RejectReason.MempoolFull"/> right now, or null if there is room.</summary>
    public string? FullForClients()
    {
        lock (_gate)
            return FullReason(size: 1, local: true, validators: 1); // no room for even one more byte
    }

    // Clients are held to the limits. Txs gossiped by validators were admitted by their origin
    // under the same limits, so each validator's clients may have a full pool's worth in flight:
    // gossip gets room for all of them. Refusing it would leave this node (perhaps the primary)
    // without txs its peers hold until their rebroadcast seconds later; measured at full load,
    // half as much again as the client limit put those seconds into p95 and p99 latency.
    private void ThrowIfFull(int size, bool local, int validators)
    {
        if (FullReason(size, local, validators) is { } why)
            throw new TxRejectedException(RejectReason.MempoolFull, why);
    }

    // Gossip's room is a client share per validator of the latest scheduled set: one added by
    // governance brings its clients' share with it.
    private string? FullReason(int size, bool local, int validators)
    {
        var share = local ? 1 : Math.Max(1, validators);
        var (maxTxs, maxBytes) = (Math.Min(int.MaxValue, (long)limits.MaxTxs * share), limits.MaxBytes > long.MaxValue / share ? long.MaxValue : limits.MaxBytes * share);
        return _byHash.Count >= maxTxs || _bytes + size > maxBytes
            ? $"the mempool is full ({_byHash.Count} txs, {_bytes} bytes; limits {maxTxs} txs, {maxBytes} bytes); retry later"
            : null;
    }

    /// <summary>The checked form of <paramref name="tx"/> if this exact signed tx was admitted.</summary>
    public VerifiedTransaction? Lookup(SignedTx tx) => Lookup(tx, TransactionCodec.HashOf(tx));

    /// <summary><see cref="Lookup(SignedTx)"/> when the caller already knows the tx hash.</summary>
    public VerifiedTransaction? Lookup(SignedTx tx, Hash32 hash)
    {
        lock (_gate)
        {
            return _byHash.TryGetValue(hash, out var entry) && entry.Tx.Tx.Signature.Span.SequenceEqual(tx.Signature.Span) ? entry.Tx : null;
        }
    }

    public MempoolEntry? Get(Hash32 hash)
    {
        lock (_gate)
            return _byHash.GetValueOrDefault(hash);
    }

    /// <summary>The account's next nonce counting its pending txs (what a wallet should use next).</summary>
    public ulong PendingNonce(Address sender, ulong committedNonce)
    {
        lock (_gate)
            return _bySender.GetValueOrDefault(sender)?.NextNonce(committedNonce) ?? committedNonce;
    }

    /// <summary>
    /// Txs that can run now, oldest first, each sender's in nonce order from its committed
    /// nonce with no gaps.
    /// </summary>
    public List<VerifiedTransaction> ReadyCandidates(int max) => ReadyCandidates(max, committedState());

    /// <summary>
    /// <see cref="ReadyCandidates(int)"/> counting nonces in <paramref name="state"/>: the state a
    /// new block builds on, which may include blocks proposed but not yet committed.
    /// </summary>
    public List<VerifiedTransaction> ReadyCandidates(int max, IStateView state)
    {
        var result = new List<VerifiedTransaction>();
        lock (_gate)
        {
            var heads = new PriorityQueue<IEnumerator<MempoolEntry>, long>();
            foreach (var (sender, queue) in _bySender)
            {
                var nonce = state.ReadAccount(sender)?.Nonce ?? 0;
                var run = queue.ContiguousFrom(nonce).GetEnumerator();
                if (run.MoveNext())
                    heads.Enqueue(run, run.Current.Sequence);
            }
            while (result.Count < max && heads.TryDequeue(out var run, out _))
            {
                result.Add(run.Current.Tx);
                if (run.MoveNext())
                    heads.Enqueue(run, run.Current.Sequence);
            }
        }
        return result;
    }

    /// <summary>
    /// Drops committed txs, any tx whose nonce the chain has now passed, and every tx of a sender
    /// governance removed from the members (<paramref name="dropped"/> hears of those, with why);
    /// returns the committed entries.
    /// </summary>
    public List<MempoolEntry> RemoveCommitted(IEnumerable<Hash32> committed, IStateView state, Action<MempoolEntry, string>? dropped = null)
    {
        var removed = new List<MempoolEntry>();
        lock (_gate)
        {
            var senders = new HashSet<Address>();
            foreach (var hash in committed)
            {
                if (RemoveLocked(hash) is { } entry)
                {
                    removed.Add(entry);
                    senders.Add(entry.Tx.SenderAddress);
                }
            }
            foreach (var sender in senders)
            {
                if (!_bySender.TryGetValue(sender, out var queue))
                    continue;
                var nonce = state.ReadAccount(sender)?.Nonce ?? 0;
                foreach (var stale in queue.Below(nonce))
                    RemoveLocked(stale.Tx.Hash);
            }
            DropFormerMembersLocked(state, dropped);
        }
        return removed;
    }

    // The member list changes only by governance; the state hands back the same array until it
    // does, so most commits pay one lookup here. A removed member's txs could never be in a
    // block again: left here, every backup would hold them forever and its request timer would
    // keep suspecting the primary of censoring them.
    private byte[]? _membersSeen;

    private void DropFormerMembersLocked(IStateView state, Action<MempoolEntry, string>? dropped)
    {
        var members = state.Get(StateKeys.Members);
        if (ReferenceEquals(members, _membersSeen))
            return;
        _membersSeen = members;
        var former = _bySender.Where(s => !state.IsMember(s.Key)).Select(s => s.Key).ToList();
        foreach (var sender in former)
        {
            var why = $"sender {sender} is no longer a member of this network";
            foreach (var entry in _bySender[sender].All())
            {
                RemoveLocked(entry.Tx.Hash);
                dropped?.Invoke(entry, why);
            }
        }
    }

    /// <summary>
    /// Local txs still pending <paramref name="olderThan"/> after they were last gossiped, oldest
    /// first; marks them gossiped now. A gossip batch lost on the way (a peer restarting, a
    /// dropped connection) would otherwise leave the primary without them for good.
    /// </summary>
    public List<SignedTx> TakeForRebroadcast(TimeSpan olderThan, int max)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var due = now - (long)olderThan.TotalMilliseconds;
        lock (_gate)
        {
            var stale = _byHash.Values.Where(e => e.Local && e.GossipedAtMs <= due).OrderBy(e => e.Sequence).Take(max).ToList();
            foreach (var entry in stale)
                entry.GossipedAtMs = now;
            return stale.Select(e => e.Tx.Tx).ToList();
        }
    }

    /// <summary>
    /// Drops txs that have waited behind a nonce gap for longer than the gap timeout: their
    /// sender may never fill it, and until then they hold room other senders could use.
    /// Returns how many were dropped.
    /// </summary>
    public int ExpireBehindGaps()
    {
        var due = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)limits.GapTimeout.TotalMilliseconds;
        var state = committedState();
        var expired = 0;
        lock (_gate)
        {
            var stuck = new List<Hash32>();
            foreach (var (sender, queue) in _bySender)
            {
                var committed = state.ReadAccount(sender)?.Nonce ?? 0;
                stuck.AddRange(queue.BehindGap(committed).Where(e => e.AdmittedAtMs <= due).Select(e => e.Tx.Hash));
            }
            foreach (var hash in stuck)
                expired += RemoveLocked(hash) is null ? 0 : 1;
        }
        return expired;
    }

    public void Remove(Hash32 hash)
    {
        lock (_gate)
            RemoveLocked(hash);
    }

    private MempoolEntry? RemoveLocked(Hash32 hash)
    {
        if (!_byHash.Remove(hash, out var entry))
            return null;
        _bytes -= entry.Size;
        if (entry.AdmittedAheadOfGap)
            _aheadOfGap--;
        var sender = entry.Tx.SenderAddress;
        var queue = _bySender[sender];
        queue.Remove(entry);
        if (queue.Count == 0)
            _bySender.Remove(sender);
        return entry;
    }

    private ParsedTransaction Parse(SignedTx tx, Hash32 hash)
    {
        try
        {
            return TransactionCodec.Parse(tx, chainId, hash);
        }
        catch (InvalidTransactionException e)
        {
            throw Rejection(e);
        }
    }

    private VerifiedTransaction Verify(ParsedTransaction parsed)
    {
        try
        {
            return _checks.Check(parsed);
        }
        catch (InvalidTransactionException e)
        {
            throw Rejection(e);
        }
    }

    private static TxRejectedException Rejection(InvalidTransactionException e)
    {
        var reason = e.Reason switch
        {
            TxRejectReason.TooLarge => RejectReason.TooLarge,
            TxRejectReason.WrongChainId => RejectReason.WrongChainId,
            TxRejectReason.BadPublicKey => RejectReason.BadPublicKey,
            TxRejectReason.BadSignature => RejectReason.BadSignature,
            _ => RejectReason.Malformed,
        };
        return new TxRejectedException(reason, e.Message);
    }
}

/// <param name="MaxPerSender">Pending txs one sender may hold, from clients and gossip together.</param>
/// <param name="GapTimeout">How long a tx may wait behind a nonce gap before it is dropped.</param>
public sealed record TxPoolLimits(int MaxTxs, long MaxBytes, int MaxNonceGap, int MaxPerSender, TimeSpan GapTimeout);
