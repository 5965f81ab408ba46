using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Simulation;
using Google.Protobuf;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// A Byzantine primary may send pre-prepares as large as the peer message limit. The genesis
/// block limits are checked before a replica parses the block or holds the pre-prepare, so
/// what it holds is bounded by the window times the block limit, not the message limit.
/// </summary>
[TestClass]
public sealed class ProposalLimitTests
{
    private const int N = 4;
    private const int MaxBlockBytes = 64 * 1024;

    private static Replica Backup() => new(
        new ConsensusConfig { ValidatorCount = N, Self = 2, GenesisHash = SimBlocks.GenesisHash, MaxBlockBytes = MaxBlockBytes, MaxTxsPerBlock = 100 },
        new SimAuthenticator(2, N), new SimBlocks.Validator(), 0, SimBlocks.GenesisHash);

    // View 1's primary sends its block before the NEW-VIEW that starts view 1 reaches the
    // replica, which would hold it for when the view starts.
    private static SignedMessage EarlyPrePrepare(Block block) =>
        MessageDigest.Sign(SimBlocks.GenesisHash, 1, MessageKind.PrePrepare, 1, new PrePrepare { View = 1, Height = 1, Block = block }, new SimAuthenticator(1, N));

    private static Block WithTxs(int count, int bytesEach)
    {
        var txs = Enumerable.Range(0, count).Select(i => new SignedTx { Body = ByteString.CopyFrom(new byte[bytesEach]) }).ToList();
        var header = new BlockHeader
        {
            ChainId = SimBlocks.ChainId,
            Height = 1,
            PreviousHash = SimBlocks.GenesisHash.ToByteString(),
            TxRoot = DecodedBlock.ComputeTxRoot(txs).ToByteString(),
            StateRoot = SimBlocks.GenesisHash.ToByteString(),
            Proposer = ByteString.CopyFrom(new byte[20]),
            View = 1,
        };
        return DecodedBlock.Create(header, txs).Block;
    }

    [TestMethod]
    public void A_pre_prepare_larger_than_the_block_limit_is_refused_before_it_is_held()
    {
        var replica = Backup();
        var outcome = replica.Step(EarlyPrePrepare(WithTxs(2, MaxBlockBytes)));
        Assert.AreEqual(StepResult.Rejected, outcome.Result, $"outcome: {outcome.Result} ({outcome.Reason})");
        StringAssert.Contains(outcome.Reason, "block limit", outcome.Reason);
        Assert.AreEqual(0, replica.SlotCount, "nothing held");
    }

    [TestMethod]
    public void A_pre_prepare_with_more_txs_than_the_limit_is_refused_before_it_is_held()
    {
        var replica = Backup();
        var outcome = replica.Step(EarlyPrePrepare(WithTxs(101, 1)));
        Assert.AreEqual(StepResult.Rejected, outcome.Result, $"outcome: {outcome.Result} ({outcome.Reason})");
        StringAssert.Contains(outcome.Reason, "exceed the limit of 100", outcome.Reason);
        Assert.AreEqual(0, replica.SlotCount, "nothing held");
    }

    [TestMethod]
    public void A_pre_prepare_within_the_limits_is_held_until_its_view_starts()
    {
        var replica = Backup();
        var outcome = replica.Step(EarlyPrePrepare(WithTxs(100, 100)));
        StringAssert.Contains(outcome.Reason, "held", outcome.Reason);
        Assert.AreEqual(1, replica.SlotCount);
    }
}
