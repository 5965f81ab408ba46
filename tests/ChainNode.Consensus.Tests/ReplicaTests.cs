using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Simulation;
using Google.Protobuf;

namespace ChainNode.Consensus.Tests;

/// <summary>Single-replica behaviour, driven message by message.</summary>
[TestClass]
public sealed class ReplicaTests
{
    private const int N = 4;

    private static ConsensusConfig Config(int self) => new()
    {
        ValidatorCount = N,
        Self = self,
        GenesisHash = SimBlocks.GenesisHash,
        CheckpointInterval = 4,
    };

    private static Replica NewReplica(int self, ReplicaState? restored = null) =>
        new(Config(self), new SimAuthenticator(self, N), new SimBlocks.Validator(), 0, SimBlocks.GenesisHash, restored);

    private static SignedMessage SignedBy(int sender, MessageKind kind, IMessage payload) =>
        MessageDigest.Sign(SimBlocks.GenesisHash, 1, kind, sender, payload, new SimAuthenticator(sender, N));

    private static Block BlockAt(ulong height, string content, bool invalid = false) =>
        SimBlocks.Create(height, 0, SimBlocks.GenesisHash, 0, System.Text.Encoding.UTF8.GetBytes(content), invalid);

    private static SignedMessage PrePrepareFromPrimary(Block block, ulong height = 1) =>
        SignedBy(0, MessageKind.PrePrepare, new PrePrepare { View = 0, Height = height, Block = block });

    private static Ready Drain(Replica replica)
    {
        var ready = replica.TakeReady();
        replica.Advance();
        return ready;
    }

    [TestMethod]
    public void A_valid_pre_prepare_is_voted_for_and_the_vote_is_persisted_with_the_prepare()
    {
        var replica = NewReplica(1);
        var block = BlockAt(1, "x");
        Assert.AreEqual(StepResult.Accepted, replica.Step(PrePrepareFromPrimary(block)).Result);
        var ready = Drain(replica);
        Assert.HasCount(1, ready.Persist!.Votes);
        Assert.AreEqual(MessageKind.Prepare, ready.Messages.Single().Message.Kind);
    }

    [TestMethod]
    public void Forged_signatures_and_wrong_senders_are_rejected()
    {
        var replica = NewReplica(1);
        var forged = PrePrepareFromPrimary(BlockAt(1, "x"));
        forged.Signature = ByteString.CopyFrom(new byte[32]);
        StringAssert.Contains(replica.Step(forged).Reason, "bad signature");

        var fromBackup = SignedBy(2, MessageKind.PrePrepare, new PrePrepare { View = 0, Height = 1, Block = BlockAt(1, "x") });
        StringAssert.Contains(replica.Step(fromBackup).Reason, "not the primary");

        var impostor = PrePrepareFromPrimary(BlockAt(1, "x"));
        impostor.Sender = 9;
        Assert.AreEqual(StepResult.Rejected, replica.Step(impostor).Result);
        Assert.IsFalse(replica.HasReady);
    }

    [TestMethod]
    public void Invalid_blocks_and_malformed_payloads_are_rejected()
    {
        var replica = NewReplica(1);
        StringAssert.Contains(replica.Step(PrePrepareFromPrimary(BlockAt(1, "x", invalid: true))).Reason, "marked invalid");
        var garbage = new SignedMessage { Kind = MessageKind.Prepare, Sender = 2, Epoch = 1, Payload = ByteString.CopyFrom(0xff, 0xff), Signature = ByteString.Empty };
        StringAssert.Contains(replica.Step(garbage).Reason, "malformed");
    }

    [TestMethod]
    public void A_second_block_for_the_same_height_and_view_is_equivocation()
    {
        var replica = NewReplica(1);
        replica.Step(PrePrepareFromPrimary(BlockAt(1, "x")));
        Drain(replica);
        var outcome = replica.Step(PrePrepareFromPrimary(BlockAt(1, "y")));
        StringAssert.Contains(outcome.Reason, "equivocated");
        Assert.IsFalse(replica.HasReady, "no vote for the second block");
    }

    [TestMethod]
    public void Messages_beyond_the_watermark_window_are_refused()
    {
        var replica = NewReplica(1);
        var far = Config(1).LogSize + 1;
        var outcome = replica.Step(SignedBy(2, MessageKind.Prepare, new Prepare { View = 0, Height = far, BlockHash = Hash32.Zero.ToByteString() }));
        StringAssert.Contains(outcome.Reason, "outside the window");
        Assert.AreEqual(0, replica.SlotCount);
    }

    [TestMethod]
    public void A_commit_quorum_commits_with_a_certificate_of_distinct_signers()
    {
        var replica = NewReplica(1);
        var block = BlockAt(1, "x");
        var hash = DecodedBlock.From(block).Hash;
        replica.Step(PrePrepareFromPrimary(block));
        Drain(replica);
        foreach (var sender in new[] { 0, 2 })
        {
            replica.Step(SignedBy(sender, MessageKind.Prepare, new Prepare { View = 0, Height = 1, BlockHash = hash.ToByteString() }));
            Drain(replica);
        }
        Committed? result = null;
        foreach (var sender in new[] { 0, 2 })
        {
            replica.Step(SignedBy(sender, MessageKind.Commit, new Commit { View = 0, Height = 1, BlockHash = hash.ToByteString() }));
            var ready = Drain(replica);
            if (ready.Committed.Count > 0)
                result = new Committed(ready.Committed[0]);
        }
        Assert.IsNotNull(result);
        var certificate = result.Block.Certificate;
        CollectionAssert.AreEqual(new uint[] { 0, 1, 2 }, certificate.Signatures.Select(s => s.ValidatorIndex).ToArray());
        var digest = CommitDigest.For(SimBlocks.GenesisHash, 1, 0, hash);
        Assert.IsTrue(certificate.Signatures.All(s => new SimAuthenticator(0, N).Verify((int)s.ValidatorIndex, digest, s.Signature.Span)));
        Assert.AreEqual(1UL, replica.CommittedHeight);
    }

    [TestMethod]
    public void A_replica_restarted_right_after_persisting_a_prepare_never_votes_for_another_block_there()
    {
        var replica = NewReplica(1);
        var first = BlockAt(1, "first");
        replica.Step(PrePrepareFromPrimary(first));
        var ready = replica.TakeReady();
        var persisted = new ReplicaState { Epoch = 1 };
        ReplicaStateStore.Apply(persisted, ready.Persist!);
        // Crash: the prepare was persisted but never sent, and memory is gone.

        var restarted = NewReplica(1, persisted);
        var outcome = restarted.Step(PrePrepareFromPrimary(BlockAt(1, "second")));
        Assert.AreEqual(StepResult.Rejected, outcome.Result);
        StringAssert.Contains(outcome.Reason, "already voted");
        Assert.IsFalse(restarted.HasReady, "no prepare for the second block");

        Assert.AreEqual(StepResult.Accepted, restarted.Step(PrePrepareFromPrimary(first)).Result);
        var resent = Drain(restarted).Messages.Single().Message;
        Assert.AreEqual(DecodedBlock.From(first).Hash, new Hash32(Prepare.Parser.ParseFrom(resent.Payload).BlockHash.Span));
    }

    [TestMethod]
    public void The_primary_is_asked_for_a_block_and_a_stale_proposal_is_ignored()
    {
        var primary = NewReplica(0);
        primary.Tick();
        primary.Tick();
        var request = Drain(primary).Proposal!;
        Assert.AreEqual(1UL, request.Height);
        Assert.AreEqual(SimBlocks.GenesisHash, request.ParentHash);
        var block = SimBlocks.Create(1, 0, request.ParentHash, 0, "p"u8);
        Assert.AreEqual(StepResult.Accepted, primary.Propose(block).Result);
        var sent = Drain(primary).Messages.Select(m => m.Message.Kind).ToList();
        CollectionAssert.AreEqual(new[] { MessageKind.PrePrepare, MessageKind.Prepare }, sent);
        Assert.AreEqual(StepResult.Ignored, primary.Propose(block).Result, "no second block without a new request");
    }

    [TestMethod]
    public void A_primary_told_to_propose_early_is_asked_for_a_block_before_the_interval_and_only_for_that_block()
    {
        var primary = NewReplica(0);
        primary.Tick();
        Assert.IsNull(Drain(primary).Proposal, "one tick is inside the two-tick block interval");
        primary.ProposeEarly();
        var request = Drain(primary).Proposal!;
        Assert.AreEqual(1UL, request.Height);
        var block = SimBlocks.Create(1, 0, request.ParentHash, 0, "p"u8);
        Assert.AreEqual(StepResult.Accepted, primary.Propose(block).Result);
        Drain(primary);

        var hash = DecodedBlock.From(block).Hash.ToByteString();
        foreach (var kind in new[] { MessageKind.Prepare, MessageKind.Commit })
        {
            foreach (var sender in new[] { 1, 2 })
            {
                IMessage vote = kind == MessageKind.Prepare
                    ? new Prepare { View = 0, Height = 1, BlockHash = hash }
                    : new Commit { View = 0, Height = 1, BlockHash = hash };
                primary.Step(SignedBy(sender, kind, vote));
                Drain(primary);
            }
        }
        Assert.AreEqual(1UL, primary.CommittedHeight);
        primary.Tick();
        Assert.IsNull(Drain(primary).Proposal, "the next block waits for the interval again");
        primary.Tick();
        Assert.AreEqual(2UL, Drain(primary).Proposal!.Height);
    }

    [TestMethod]
    public void Ready_must_be_advanced_before_more_input()
    {
        var replica = NewReplica(1);
        replica.Step(PrePrepareFromPrimary(BlockAt(1, "x")));
        replica.TakeReady();
        Assert.ThrowsExactly<InvalidOperationException>(() => replica.Tick());
    }

    private sealed record Committed(CommittedBlock Block);
}
