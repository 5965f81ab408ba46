using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Crypto;
using ChainNode.Node.Consensus;

namespace ChainNode.Node.Tests.Consensus;

/// <summary>
/// The consensus loop's inbox: one flooding peer must not crowd out the others, and time must
/// keep moving however much is queued, or view-change timeouts stop advancing.
/// </summary>
[TestClass]
public sealed class ConsensusInboxTests
{
    private const int Capacity = 8;

    private static readonly PublicKey[] Keys = Enumerable.Range(0, 4).Select(i => PrivateKey.FromInsecureSeed($"inbox-{i}").PublicKey).ToArray();

    private static SignedMessage From(int sender, int n) => new() { Sender = (uint)sender, Kind = MessageKind.Prepare, Payload = Google.Protobuf.ByteString.CopyFrom((byte)n) };

    private static ConsensusInbox FloodedBy(int flooder, int validators = 4)
    {
        var inbox = new ConsensusInbox(validators, Capacity);
        for (var i = 0; i < Capacity; i++)
            Assert.IsTrue(inbox.EnqueueAsync(Keys[flooder], From(flooder, i), CancellationToken.None).AsTask().IsCompleted);
        return inbox;
    }

    private static List<LoopEvent> TakeAll(ConsensusInbox inbox)
    {
        var taken = new List<LoopEvent>();
        while (inbox.TryTake(out var input))
            taken.Add(input);
        return taken;
    }

    [TestMethod]
    public void One_flooding_peer_cannot_crowd_out_the_others()
    {
        var inbox = FloodedBy(1);
        var fromTwo = inbox.EnqueueAsync(Keys[2], From(2, 0), CancellationToken.None).AsTask();
        var fromThree = inbox.EnqueueAsync(Keys[3], From(3, 0), CancellationToken.None).AsTask();
        Assert.IsTrue(fromTwo.IsCompleted && fromThree.IsCompleted, "a peer's message waited because another peer filled the inbox");
        var firstFour = TakeAll(inbox).Take(4).OfType<LoopEvent.Inbound>().Select(i => i.From).ToList();
        CollectionAssert.IsSubsetOf(new[] { Keys[2], Keys[3] }, firstFour, "round-robin: the quiet peers' messages come before the flood's tail");
    }

    [TestMethod]
    public async Task A_flooding_peer_waits_for_its_own_queue_to_drain()
    {
        var inbox = FloodedBy(1);
        var overflow = inbox.EnqueueAsync(Keys[1], From(1, 99), CancellationToken.None).AsTask();
        Assert.IsFalse(overflow.IsCompleted, "the flooder is held back, not dropped and not let in");
        inbox.TryTake(out _);
        await overflow.WaitAsync(TimeSpan.FromSeconds(10), TestContext.CancellationToken);
        Assert.AreEqual(Capacity, TakeAll(inbox).Count, "its message got in once there was room");
    }

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_new_peer_beyond_the_cap_takes_the_place_of_an_idle_one_and_is_refused_when_none_is_idle()
    {
        var inbox = new ConsensusInbox(maxPeers: 2, Capacity);
        Assert.IsTrue(await inbox.EnqueueAsync(Keys[0], From(0, 0), CancellationToken.None));
        Assert.IsTrue(await inbox.EnqueueAsync(Keys[1], From(1, 0), CancellationToken.None));
        Assert.IsFalse(await inbox.EnqueueAsync(Keys[2], From(2, 0), CancellationToken.None), "two busy queues: a third key is refused");
        inbox.TryTake(out _);
        Assert.IsTrue(await inbox.EnqueueAsync(Keys[2], From(2, 0), CancellationToken.None), "an idle queue makes room");
        Assert.AreEqual(2, TakeAll(inbox).Count);
    }

    [TestMethod]
    public async Task Retain_drops_the_queues_of_keys_that_left_and_frees_their_waiting_writers()
    {
        var inbox = FloodedBy(1);
        var waiting = inbox.EnqueueAsync(Keys[1], From(1, 99), CancellationToken.None).AsTask();
        Assert.IsTrue(await inbox.EnqueueAsync(Keys[2], From(2, 0), CancellationToken.None));
        inbox.Retain([Keys[2]]);
        Assert.IsFalse(await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.CancellationToken), "the removed peer's waiting message is not queued");
        var left = TakeAll(inbox).OfType<LoopEvent.Inbound>().ToList();
        Assert.AreEqual(1, left.Count);
        Assert.AreEqual(Keys[2], left[0].From);
    }

    [TestMethod]
    public void Ticks_are_never_lost_while_the_inbound_queue_is_full()
    {
        var inbox = FloodedBy(1, validators: 2);
        for (var i = 0; i < 3; i++)
            inbox.Tick();
        var taken = TakeAll(inbox);
        Assert.AreEqual(3, taken.Count(e => e is LoopEvent.Tick), "ticks taken: " + string.Join(", ", taken.Select(e => e.GetType().Name)));
        Assert.IsTrue(taken.Take(3).All(e => e is LoopEvent.Tick), "ticks do not wait behind queued messages");
    }

    [TestMethod]
    public void The_loops_own_events_are_never_lost_while_the_inbound_queue_is_full()
    {
        var inbox = FloodedBy(1, validators: 2);
        inbox.Post(new LoopEvent.FetchFailed(1, 1, "slow"));
        Assert.AreEqual(1, TakeAll(inbox).Count(e => e is LoopEvent.FetchFailed));
    }
}
