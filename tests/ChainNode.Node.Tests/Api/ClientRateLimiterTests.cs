using System.Net;
using ChainNode.Node.Api;
using ChainNode.Testing;

namespace ChainNode.Node.Tests.Api;

[TestClass]
public sealed class ClientRateLimiterTests
{
    [TestMethod]
    public async Task Each_client_gets_its_own_burst_and_then_the_refill_rate()
    {
        using var limiter = new ClientRateLimiter(ratePerSecond: 20, burst: 5);
        var first = IPAddress.Parse("10.0.0.1");
        var second = IPAddress.Parse("10.0.0.2");
        Assert.AreEqual(5, Enumerable.Range(0, 10).Count(_ => limiter.TryTake(first)), "the burst, then nothing until a refill");
        Assert.IsTrue(limiter.TryTake(second), "another client has its own bucket");
        Assert.IsTrue(limiter.TryTake(null), "a client without an address shares one bucket, it is not refused outright");
        await Eventually.Async(() => Task.FromResult(limiter.TryTake(first)), TimeSpan.FromSeconds(10), "the first client's bucket to refill");
    }

    [TestMethod]
    public void A_rate_below_one_per_second_refills_one_token_at_a_time()
    {
        using var limiter = new ClientRateLimiter(ratePerSecond: 0.5, burst: 2);
        var client = IPAddress.Parse("10.0.0.3");
        Assert.IsTrue(limiter.TryTake(client));
        Assert.IsTrue(limiter.TryTake(client));
        Assert.IsFalse(limiter.TryTake(client));
    }
}
