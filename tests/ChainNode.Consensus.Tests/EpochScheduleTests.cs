using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using ChainNode.Simulation;
using ChainNode.Simulation.Reconfiguration;

namespace ChainNode.Consensus.Tests;

/// <summary>The simulator's epoch rules: what the chain alone decides about validator sets.</summary>
[TestClass]
public sealed class EpochScheduleTests
{
    private static DecodedBlock Block(ulong height, Hash32 parent, params SimCommand[] changes) =>
        DecodedBlock.From(SimBlocks.Create(height, 0, parent, 0, [(byte)height], changes: changes.Length > 0 ? SimCommand.Encode(changes) : null));

    private static (EpochRegistry Registry, DecodedBlock[] Chain) Chain(int validators, int length, ulong changeAt, params SimCommand[] changes)
    {
        var registry = new EpochRegistry(validators);
        var chain = new DecodedBlock[length];
        var parent = SimBlocks.GenesisHash;
        for (var h = 1UL; h <= (ulong)length; h++)
        {
            var block = h == changeAt ? Block(h, parent, changes) : Block(h, parent);
            Assert.IsNotNull(registry.Register(block, out var problem), problem);
            chain[h - 1] = block;
            parent = block.Hash;
        }
        return (registry, chain);
    }

    [TestMethod]
    public void Changes_in_one_block_share_one_epoch_starting_two_blocks_later()
    {
        var (registry, chain) = Chain(4, 6, 3, new SimCommand(1, SimCommandKind.AddValidator, 4), new SimCommand(2, SimCommandKind.ReplaceKey, 1, 77));
        var schedule = registry.ScheduleOf(chain[3].Hash);
        Assert.AreEqual(1UL, registry.ScheduleOf(chain[2].Hash).At(4).StartHeight);
        var next = schedule.At(5);
        Assert.AreEqual(5UL, next.StartHeight);
        Assert.AreEqual(chain[3].Hash, next.BaseHash, "the epoch starts from the block before it");
        CollectionAssert.AreEqual(new[] { 0, 77, 2, 3, 4 }, next.Keys.ToArray());
    }

    [TestMethod]
    public void A_change_leaving_no_validator_is_refused()
    {
        var (registry, chain) = Chain(1, 1, 0);
        Assert.IsNull(registry.Register(Block(2, chain[0].Hash, new SimCommand(1, SimCommandKind.RemoveValidator, 0)), out var problem));
        StringAssert.Contains(problem, "would leave no validator");
        var validator = new SimEpochBlockValidator(registry, 1);
        Assert.IsFalse(validator.IsValid(Block(2, chain[0].Hash, new SimCommand(1, SimCommandKind.RemoveValidator, 0)), chain[0].Hash, out _));
    }

    [TestMethod]
    public void A_block_the_parent_puts_in_the_next_epoch_is_refused_by_the_current_set()
    {
        var (registry, chain) = Chain(4, 4, 3, new SimCommand(1, SimCommandKind.AddValidator, 4));
        var validator = new SimEpochBlockValidator(registry, 1);
        Assert.IsFalse(validator.IsValid(Block(5, chain[3].Hash), chain[3].Hash, out var reason));
        Assert.AreEqual("block 5 belongs to the epoch starting at 5", reason);
        Assert.IsTrue(new SimEpochBlockValidator(registry, 5).IsValid(Block(5, chain[3].Hash), chain[3].Hash, out reason), reason);
    }

    [TestMethod]
    public void A_removed_validators_old_commit_relabelled_for_the_new_epoch_fails_verification()
    {
        // Node 1 is removed: index 1 of the new set is node 2 with key 2.
        var (registry, chain) = Chain(4, 4, 2, new SimCommand(1, SimCommandKind.RemoveValidator, 1));
        var newSet = registry.ScheduleOf(chain[3].Hash).At(4);
        Assert.AreEqual(4UL, newSet.StartHeight);
        var vote = new Commit { View = 0, Height = 4, BlockHash = chain[3].Hash.ToByteString() };
        var commit = MessageDigest.Sign(SimBlocks.GenesisHash, 1, MessageKind.Commit, 1, vote, new SimAuthenticator(1, 4));
        commit.Epoch = 4;
        var verifier = new SimAuthenticator(-1, newSet.Keys, new SimSignatureCounts());
        Assert.IsFalse(verifier.Verify(1, MessageDigest.Of(SimBlocks.GenesisHash, commit, vote), commit.Signature.Span));
    }

    [TestMethod]
    public void A_replaced_key_no_longer_verifies()
    {
        var (registry, chain) = Chain(4, 4, 2, new SimCommand(1, SimCommandKind.ReplaceKey, 2, 99));
        var digest = Hash32.Compute("x"u8);
        var verifier = new SimAuthenticator(-1, registry.ScheduleOf(chain[3].Hash).At(4).Keys, new SimSignatureCounts());
        Assert.IsFalse(verifier.Verify(2, digest, new SimAuthenticator(2, 4).Sign(digest)));
        Assert.IsTrue(verifier.Verify(2, digest, new SimAuthenticator(99, [0, 1, 99, 3], new SimSignatureCounts()).Sign(digest)));
    }
}
