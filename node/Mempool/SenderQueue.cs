namespace ChainNode.Node.Mempool;

/// <summary>
/// One sender's pending txs in nonce order, with the running sum of what they may spend.
/// Admission asks for the next free nonce and the pending spend on every tx; walking the queue
/// for both made that cost grow with the queue, under the pool's lock. Wallets send nonces in
/// order, so the queue is almost always one contiguous run, which answers both in O(1).
/// Not thread-safe: the pool holds its lock.
/// </summary>
internal sealed class SenderQueue
{
    private readonly SortedList<ulong, MempoolEntry> _byNonce = [];
    private UInt128 _totalSpend; // cannot overflow: at most int.MaxValue entries of at most ulong.MaxValue

    public int Count => _byNonce.Count;

    public bool Contains(ulong nonce) => _byNonce.ContainsKey(nonce);

    public void Add(MempoolEntry entry)
    {
        _byNonce.Add(entry.Nonce, entry);
        _totalSpend += entry.Spend;
    }

    public void Remove(MempoolEntry entry)
    {
        if (_byNonce.Remove(entry.Nonce))
            _totalSpend -= entry.Spend;
    }

    /// <summary>The first nonce at or after <paramref name="committed"/> that no pending tx holds.</summary>
    public ulong NextNonce(ulong committed)
    {
        if (_byNonce.Count == 0)
            return committed;
        var keys = _byNonce.Keys;
        var (first, last) = (keys[0], keys[^1]);
        var contiguous = last - first == (ulong)(_byNonce.Count - 1);
        if (contiguous)
            return committed >= first && committed <= last ? last + 1 : committed;
        var next = committed;
        while (_byNonce.ContainsKey(next))
            next++;
        return next;
    }

    /// <summary>
    /// What the pending txs at or after <paramref name="committed"/> may spend. Txs below it have
    /// committed and await removal; their spend is already out of the balance.
    /// </summary>
    public UInt128 PendingSpend(ulong committed)
    {
        var total = _totalSpend;
        var values = _byNonce.Values;
        for (var i = 0; i < values.Count && values[i].Nonce < committed; i++)
            total -= values[i].Spend;
        return total;
    }

    /// <summary>Entries below <paramref name="nonce"/>, lowest first (a copy: the caller may remove them).</summary>
    public List<MempoolEntry> Below(ulong nonce)
    {
        var below = new List<MempoolEntry>();
        var values = _byNonce.Values;
        for (var i = 0; i < values.Count && values[i].Nonce < nonce; i++)
            below.Add(values[i]);
        return below;
    }

    /// <summary>Every entry, lowest nonce first (a copy: the caller may remove them).</summary>
    public List<MempoolEntry> All() => [.. _byNonce.Values];

    /// <summary>Entries that cannot run until a missing nonce arrives: those above <see cref="NextNonce"/> (a copy).</summary>
    public List<MempoolEntry> BehindGap(ulong committed)
    {
        var next = NextNonce(committed);
        var behind = new List<MempoolEntry>();
        var values = _byNonce.Values;
        for (var i = values.Count - 1; i >= 0 && values[i].Nonce > next; i--)
            behind.Add(values[i]);
        return behind;
    }

    /// <summary>The run of consecutive nonces starting at <paramref name="from"/>.</summary>
    public IEnumerable<MempoolEntry> ContiguousFrom(ulong from)
    {
        for (var nonce = from; _byNonce.TryGetValue(nonce, out var entry); nonce++)
            yield return entry;
    }
}
