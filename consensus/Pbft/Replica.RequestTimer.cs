namespace ChainNode.Consensus.Pbft;

// PBFT's request timer. The view-change timer counts ticks since the last commit (while
// anything is owed, see Tick), so a primary that keeps committing blocks without the txs
// clients sent (empty blocks, or blocks just before the timeout) would never be replaced. So
// the shell tells the replica, with each tick, how long the oldest request it holds has
// waited, and the replica votes to change view when that exceeds the request timeout within
// one active view. The shell measures the age from
// when the request could first have been included: from its arrival, or from the last commit
// that included any request the shell held, whichever is later, so a request waiting behind
// full blocks of other requests is not taken for censorship. The replica also never counts
// time from before the current view started: a new primary gets the whole timeout.
public sealed partial class Replica
{
    private ulong _requestTimerView = ulong.MaxValue;
    private long _ticksActiveInView;

    /// <summary>Ticks a request may wait within one view before this replica votes the primary out.</summary>
    public int RequestTimeoutTicks => 2 * CurrentTimeoutTicks;

    private void CheckRequestTimer(long oldestRequestAgeTicks)
    {
        if (!ViewActive)
            return;
        if (_requestTimerView != View)
        {
            _requestTimerView = View;
            _ticksActiveInView = 0;
        }
        _ticksActiveInView++;
        if (Math.Min(oldestRequestAgeTicks, _ticksActiveInView) < RequestTimeoutTicks)
            return;
        _consecutiveFailedViews++;
        StartViewChange(View + 1);
    }
}
