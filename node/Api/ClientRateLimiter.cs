using System.Net;
using System.Threading.RateLimiting;

namespace ChainNode.Node.Api;

/// <summary>
/// A token bucket per client address (<c>ratePerSecond</c> refill, <c>burst</c> capacity), from
/// .NET's rate limiting (System.Threading.RateLimiting, what ASP.NET Core's middleware is built
/// on). The middleware itself counts requests; these limits count what is inside one (each tx of
/// a batch, each block a page reads), so the limiter is called where those are. Idle clients'
/// buckets are dropped by the partitioned limiter. Thread-safe.
/// </summary>
public sealed class ClientRateLimiter(double ratePerSecond, double burst) : IDisposable
{
    // Refill in steps of at least 50 ms (a timer per step), or of one token when the rate is lower.
    private static readonly TimeSpan MinStep = TimeSpan.FromMilliseconds(50);

    private readonly PartitionedRateLimiter<IPAddress> _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(client =>
        RateLimitPartition.GetTokenBucketLimiter(client, _ => Bucket(ratePerSecond, burst)));

    public bool TryTake(IPAddress? client)
    {
        using var lease = _limiter.AttemptAcquire(client ?? IPAddress.None);
        return lease.IsAcquired;
    }

    private static TokenBucketRateLimiterOptions Bucket(double ratePerSecond, double burst)
    {
        var step = TimeSpan.FromSeconds(Math.Max(MinStep.TotalSeconds, 1 / ratePerSecond));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)burst),
            TokensPerPeriod = Math.Max(1, (int)Math.Round(ratePerSecond * step.TotalSeconds)),
            ReplenishmentPeriod = step,
            AutoReplenishment = true,
            QueueLimit = 0, // refuse at once: the caller answers RESOURCE_EXHAUSTED and the client retries
        };
    }

    public void Dispose() => _limiter.Dispose();
}
