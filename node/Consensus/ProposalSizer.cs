namespace ChainNode.Node.Consensus;

/// <summary>
/// How many txs the primary puts in its next block. A block's round (pre-prepare to commit)
/// grows with its txs, and a round longer than the view-change timeout makes the replicas
/// replace an honest primary, which under load turned into a spiral of ever larger blocks and
/// view changes. So the primary measures its own rounds and keeps them within a budget well
/// under that timeout: a slow round shrinks the cap in proportion, a fast full one grows it.
/// Only the primary's choice: validity still allows any block up to the genesis limit.
/// </summary>
public sealed class ProposalSizer
{
    private const int MinCap = 100;
    private readonly int _maxTxs;
    private readonly long _budgetMs;
    private (ulong Height, long StartedMs, int Txs)? _measuring;

    /// <param name="maxTxs">The genesis limit.</param>
    /// <param name="budgetMs">The round length to stay within.</param>
    public ProposalSizer(int maxTxs, long budgetMs)
    {
        _maxTxs = Math.Max(1, maxTxs);
        _budgetMs = Math.Max(1, budgetMs);
        Cap = _maxTxs;
    }

    /// <summary>Txs to put in the next block.</summary>
    public int Cap { get; private set; }

    /// <summary>This node proposed a block at <paramref name="height"/> with <paramref name="txs"/> txs.</summary>
    public void Proposed(ulong height, int txs, long nowMs)
    {
        if (_measuring is null && txs > 0)
            _measuring = (height, nowMs, txs);
    }

    /// <summary>Block <paramref name="height"/> committed (whoever proposed it).</summary>
    public void Committed(ulong height, long nowMs)
    {
        if (_measuring is not { } round || height < round.Height)
            return;
        _measuring = null;
        if (height > round.Height)
            return; // our block was replaced (a view change): no measurement
        var elapsed = Math.Max(1, nowMs - round.StartedMs);
        if (elapsed > _budgetMs)
            Cap = (int)Math.Clamp(round.Txs * _budgetMs / elapsed, Math.Min(MinCap, _maxTxs), _maxTxs);
        else if (round.Txs >= Cap * 9 / 10)
            Cap = Math.Min(_maxTxs, Cap + Math.Max(MinCap / 2, Cap / 5));
    }
}
