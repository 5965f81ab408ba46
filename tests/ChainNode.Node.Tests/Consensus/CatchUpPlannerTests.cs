using ChainNode.Node.Consensus;

namespace ChainNode.Node.Tests.Consensus;

/// <summary>
/// Catch-up against a Byzantine peer, driven tick by tick: validator 1 claims a huge height and
/// answers slowly or never; validators 2 and 3 are honest and hold <see cref="Tip"/> blocks.
/// The node (validator 0) restarted at height 0.
/// </summary>
[TestClass]
public sealed class CatchUpPlannerTests
{
    private const int Liar = 1;
    private const ulong Tip = 300;
    private const ulong Chunk = 64;
    private const int TimeoutTicks = 40;

    private static readonly PeerReport[] Reports = [new(false, 0), new(true, 1_000_000), new(true, Tip), new(true, Tip)];

    /// <summary>How a simulated peer answers: after how many ticks (null: never), with how many blocks at most.</summary>
    private sealed record Answer(int? AfterTicks, ulong MaxBlocks);

    private sealed class Run
    {
        public ulong Height;
        public int Ticks;
        public int OrdersOnceLevel;
    }

    // Answers due fetches and starts the next ones, as the loop does; a real loop would keep
    // asking within a tick too, so the harness caps the orders per tick instead of spinning.
    private static Run CatchUp(Answer liar, int maxTicks)
    {
        const int MaxOrdersPerTick = 10;
        var planner = new CatchUpPlanner(self: 0, validators: 4, maxFaulty: 1, fetchTimeoutTicks: TimeoutTicks);
        var run = new Run();
        var inFlight = new List<(FetchOrder Order, int DueAt)>();
        for (; run.Ticks < maxTicks && !(run.Height >= Tip && run.Ticks >= 2 * TimeoutTicks && run.OrdersOnceLevel > 0); run.Ticks++)
        {
            var order = planner.OnTick(run.Height, Reports);
            for (var orders = 0; orders < MaxOrdersPerTick; orders++)
            {
                if (order is not null)
                {
                    if (run.Height >= Tip)
                        run.OrdersOnceLevel++;
                    if (AnswerOf(order.Peer, liar).AfterTicks is { } after)
                        inFlight.Add((order, run.Ticks + after));
                }
                var due = inFlight.FirstOrDefault(f => f.DueAt <= run.Ticks);
                if (due.Order is null)
                    break;
                inFlight.Remove(due);
                // Every peer, the liar included, holds the real blocks up to Tip; the liar only drips them.
                var blocks = Tip >= due.Order.From ? Math.Min(AnswerOf(due.Order.Peer, liar).MaxBlocks, Tip - due.Order.From + 1) : 0;
                if (planner.Finished(due.Order.Id, useful: blocks > 0) && due.Order.From == run.Height + 1)
                    run.Height += blocks;
                order = planner.Next(run.Height, Reports);
            }
        }
        return run;
    }

    private static Answer AnswerOf(int peer, Answer liar) => peer == Liar ? liar : new Answer(0, Chunk);

    [TestMethod]
    public void A_restarted_node_catches_up_although_the_peer_claiming_the_highest_height_never_answers()
    {
        var run = CatchUp(new Answer(null, 0), maxTicks: 2_000);
        Assert.AreEqual(Tip, run.Height, "the node stayed behind: its fetch from the silent peer never ended");
    }

    [TestMethod]
    public void A_peer_that_answers_slowly_with_one_block_at_a_time_cannot_hold_a_node_back()
    {
        var run = CatchUp(new Answer(TimeoutTicks - 1, 1), maxTicks: 2_000);
        Assert.AreEqual(Tip, run.Height, $"after {run.Ticks} ticks the node was still behind, at height {run.Height}");
    }

    [TestMethod]
    public void Once_level_with_the_honest_peers_a_node_does_not_chase_a_height_only_one_peer_claims()
    {
        var run = CatchUp(new Answer(0, Chunk), maxTicks: 500);
        Assert.AreEqual(Tip, run.Height);
        Assert.AreEqual(0, run.OrdersOnceLevel, "fetches asked for after reaching the height f+1 peers report");
    }
}
