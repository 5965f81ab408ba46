using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using ChainNode.Simulation;
using Google.Protobuf;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// PBFT's view change is safe only if every replica reports in its VIEW-CHANGE every block it
/// prepared above the checkpoint it reports. These tests drive one replica into the states where
/// the range it votes in and the range it can report could differ.
/// </summary>
[TestClass]
public sealed class ViewChangeReportTests
{
    private const int N = 4;

    private static ConsensusConfig Config(int self) => new()
    {
        ValidatorCount = N,
        Self = self,
        GenesisHash = SimBlocks.GenesisHash,
        CheckpointInterval = 4,
        ViewChangeTimeoutTicks = 10,
    };

    private static SignedMessage SignedBy(int sender, MessageKind kind, IMessage payload) =>
        MessageDigest.Sign(SimBlocks.GenesisHash, 1, kind, sender, payload, new SimAuthenticator(sender, N));

    [TestMethod]
    public void A_replica_restarted_far_above_its_stable_checkpoint_reports_in_its_view_change_every_block_it_prepared()
    {
        var (replica, head) = RestartedAboveItsWindow();
        var prepared = new SortedSet<ulong>();
        OfferBlock21(replica, head, prepared);

        var viewChange = TimeOut(replica, prepared);
        var reported = viewChange.Prepared.Select(c => c.Height).ToList();
        CollectionAssert.IsSubsetOf(prepared.ToList(), reported,
            $"prepared heights [{string.Join(",", prepared)}], view change (checkpoint {viewChange.CheckpointHeight}) reports [{string.Join(",", reported)}]");
    }

    [TestMethod]
    public void A_replica_committed_past_its_window_votes_again_once_it_adopts_a_newer_stable_checkpoint()
    {
        var (replica, head) = RestartedAboveItsWindow();
        var prepared = new SortedSet<ulong>();
        OfferBlock21(replica, head, prepared);
        Assert.IsEmpty(prepared, "height 21 is beyond what a view change from checkpoint 4 can report");

        foreach (var sender in new[] { 0, 2, 3 })
            Feed(replica, SignedBy(sender, MessageKind.Checkpoint, new Checkpoint { Height = 20, BlockHash = head.ToByteString() }), prepared);
        Assert.AreEqual(20UL, replica.StableCheckpointHeight);
        OfferBlock21(replica, head, prepared);
        CollectionAssert.AreEqual(new ulong[] { 21 }, prepared.ToList());

        var viewChange = TimeOut(replica, prepared);
        Assert.AreEqual(20UL, viewChange.CheckpointHeight);
        CollectionAssert.AreEqual(new ulong[] { 21 }, viewChange.Prepared.Select(c => c.Height).ToList());
    }

    // Before its crash the replica caught up by fetch from its stable checkpoint at 4 to height
    // 20, past the window (4, 12] that a view change from checkpoint 4 can report.
    private static (Replica Replica, Hash32 Head) RestartedAboveItsWindow()
    {
        var parent = SimBlocks.GenesisHash;
        var checkpointHash = parent;
        for (ulong h = 1; h <= 20; h++)
        {
            parent = DecodedBlock.From(SimBlocks.Create(h, 0, parent, 0, [(byte)h])).Hash;
            if (h == 4)
                checkpointHash = parent;
        }
        var persisted = new ReplicaState
        {
            Epoch = 1,
            ViewActive = true,
            StableCheckpoint = new StableCheckpointRecord { Height = 4, BlockHash = checkpointHash.ToByteString() },
        };
        persisted.StableCheckpoint.Proof.AddRange(Enumerable.Range(0, 3).Select(i =>
            SignedBy(i, MessageKind.Checkpoint, new Checkpoint { Height = 4, BlockHash = checkpointHash.ToByteString() })));
        var replica = new Replica(Config(1), new SimAuthenticator(1, N), new SimBlocks.Validator(), 20, parent, persisted);
        Assert.AreEqual(4UL, replica.StableCheckpointHeight);
        return (replica, parent);
    }

    // The primary proposes 21 and two others prepare it.
    private static void OfferBlock21(Replica replica, Hash32 parent, SortedSet<ulong> prepared)
    {
        var block = SimBlocks.Create(21, 0, parent, 0, "next"u8);
        var hash = DecodedBlock.From(block).Hash.ToByteString();
        Feed(replica, SignedBy(0, MessageKind.PrePrepare, new PrePrepare { View = 0, Height = 21, Block = block }), prepared);
        foreach (var sender in new[] { 0, 2 })
            Feed(replica, SignedBy(sender, MessageKind.Prepare, new Prepare { View = 0, Height = 21, BlockHash = hash }), prepared);
    }

    // No commit arrives; the view times out and the replica sends its VIEW-CHANGE.
    private static ViewChange TimeOut(Replica replica, SortedSet<ulong> prepared)
    {
        for (var tick = 0; tick < 20; tick++)
        {
            replica.Tick();
            if (Drain(replica, prepared).FirstOrDefault(m => m.Kind == MessageKind.ViewChange) is { } message)
                return ViewChange.Parser.ParseFrom(message.Payload);
        }
        Assert.Fail("the replica votes for a new view after its timeout");
        return null!;
    }

    private static void Feed(Replica replica, SignedMessage message, SortedSet<ulong> prepared)
    {
        replica.Step(message);
        Drain(replica, prepared);
    }

    private static List<SignedMessage> Drain(Replica replica, SortedSet<ulong> prepared)
    {
        if (!replica.HasReady)
            return [];
        var ready = replica.TakeReady();
        replica.Advance();
        foreach (var certificate in ready.Persist?.Prepared ?? [])
            prepared.Add(certificate.Height);
        return ready.Messages.Select(m => m.Message).ToList();
    }
}
