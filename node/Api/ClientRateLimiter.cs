using System.Collections.Concurrent;
using System.Net;

namespace ChainNode.Node.Api;

/// <summary>
/// A token bucket per client address: <c>ratePerSecond</c> refill, <c>burst</c> capacity.
/// Bounded: when it tracks too many clients it forgets the idle ones. Thread-safe.
/// </summary>
public sealed class ClientRateLimiter(double ratePerSecond, double burst, TimeProvider clock)
{
    private const int MaxClients = 10_000;
    private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new();

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens = tokens;
        public long Stamp = stamp;
    }

    public bool TryTake(IPAddress? client)
    {
        var key = client ?? IPAddress.None;
        var now = clock.GetTimestamp();
        if (_buckets.Count >= MaxClients)
            Forget(now);
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket(burst, now));
        lock (bucket)
        {
            var elapsed = clock.GetElapsedTime(bucket.Stamp, now).TotalSeconds;
            bucket.Tokens = Math.Min(burst, bucket.Tokens + elapsed * ratePerSecond);
            bucket.Stamp = now;
            if (bucket.Tokens < 1)
                return false;
            bucket.Tokens -= 1;
            return true;
        }
    }

    // Clients idle long enough to have refilled completely lose nothing by being forgotten.
    private void Forget(long now)
    {
        var full = TimeSpan.FromSeconds(burst / ratePerSecond);
        foreach (var (client, bucket) in _buckets)
        {
            if (clock.GetElapsedTime(bucket.Stamp, now) > full)
                _buckets.TryRemove(client, out _);
        }
    }
}
