using ChainNode.Node.Mempool;

namespace ChainNode.Node.Consensus;

/// <summary>
/// For the replica's request timer: how long the oldest tx this node holds that could run now
/// has waited, counted from its admission or from the last commit that included any tx this
/// node held, whichever is later. A tx waiting behind full blocks of other held txs therefore
/// never ages past a block's commit time, while a primary that leaves out every held tx lets
/// the age grow. The pool scan runs at most once per <c>rescanMs</c>; between scans the age
/// grows with the clock.
/// </summary>
public sealed class HeldTxClock(TxPool pool, TimeProvider clock, long rescanMs)
{
    private long _progressAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
    private long _scannedAtMs = long.MinValue / 2;
    private long? _oldestSinceMs;

    /// <summary>A committed block included txs this node held.</summary>
    public void HeldTxsCommitted()
    {
        _progressAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        _scannedAtMs = long.MinValue / 2; // the oldest may have gone: look again
    }

    /// <summary>Milliseconds the oldest held, runnable tx has waited; null if there is none.</summary>
    public long? OldestAgeMs()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - _scannedAtMs >= rescanMs)
        {
            _scannedAtMs = now;
            _oldestSinceMs = pool.Count == 0 || pool.ReadyCandidates(1) is not [var oldest] ? null : pool.Get(oldest.Hash)?.AdmittedAtMs;
        }
        return _oldestSinceMs is { } since ? Math.Max(0, now - Math.Max(since, _progressAtMs)) : null;
    }
}
