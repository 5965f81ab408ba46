using ChainNode.Ledger.Transactions;

namespace ChainNode.Node.Mempool;

/// <summary>An admitted tx: checked once, then kept until it commits or can never apply.</summary>
public sealed record MempoolEntry(VerifiedTransaction Tx, int Size, long Sequence, long AdmittedAtMs, ulong Spend, bool Local)
{
    /// <summary>When this node last gossiped it (local txs only); see <see cref="TxPool.TakeForRebroadcast"/>.</summary>
    public long GossipedAtMs { get; set; } = AdmittedAtMs;

    public ulong Nonce => Tx.Body.Nonce;

    /// <summary>Admitted ahead of a nonce gap (so not executable then); counted against the pool's out-of-order share.</summary>
    public bool AdmittedAheadOfGap { get; init; }
}
