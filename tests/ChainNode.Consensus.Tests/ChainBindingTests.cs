using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Simulation;
using Google.Protobuf;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// A validator key may serve on two networks. Every consensus signature covers the genesis hash,
/// so what it signed on one network is refused on the other.
/// </summary>
[TestClass]
public sealed class ChainBindingTests
{
    private const int N = 4;
    private static readonly Hash32 OtherGenesis = Hash32.Compute("another network's genesis"u8);

    private static Replica ReplicaOn(Hash32 genesis, int self) => new(
        new ConsensusConfig { ValidatorCount = N, Self = self, GenesisHash = genesis, CheckpointInterval = 4 },
        new SimAuthenticator(self, N), new SimBlocks.Validator(), 0, genesis);

    private static List<SignedMessage> Drain(Replica replica)
    {
        if (!replica.HasReady)
            return [];
        var ready = replica.TakeReady();
        replica.Advance();
        return ready.Messages.Select(m => m.Message).ToList();
    }

    [TestMethod]
    public void A_vote_signed_with_the_same_key_on_a_network_with_another_genesis_is_refused()
    {
        // On the other network, validator 0 proposes block 1 and validator 1 prepares it.
        var otherPrimary = ReplicaOn(OtherGenesis, 0);
        otherPrimary.Tick();
        otherPrimary.Tick();
        var request = otherPrimary.TakeReady().Proposal!;
        otherPrimary.Advance();
        otherPrimary.Propose(SimBlocks.Create(request.Height, request.View, request.ParentHash, 0, "other"u8));
        var prePrepare = Drain(otherPrimary).Single(m => m.Kind == MessageKind.PrePrepare);
        var otherBackup = ReplicaOn(OtherGenesis, 1);
        Assert.AreEqual(StepResult.Accepted, otherBackup.Step(prePrepare).Result);
        var prepare = Drain(otherBackup).Single(m => m.Kind == MessageKind.Prepare);

        // Replayed to this network, where validator 1 holds the same key.
        var outcome = ReplicaOn(SimBlocks.GenesisHash, 2).Step(prepare);
        Assert.AreEqual(StepResult.Rejected, outcome.Result, $"outcome: {outcome.Result} ({outcome.Reason})");
        StringAssert.Contains(outcome.Reason, "bad signature");
    }

    [TestMethod]
    public void A_block_certified_with_the_same_keys_for_another_genesis_is_refused_by_catch_up()
    {
        var block = SimBlocks.Create(1, 0, SimBlocks.GenesisHash, 0, "x"u8);
        var hash = DecodedBlock.From(block).Hash;
        CommitCertificate CertifiedFor(Hash32 genesis)
        {
            var certificate = new CommitCertificate { BlockHash = hash.ToByteString(), View = 0 };
            foreach (var signer in new[] { 0, 1, 2 })
            {
                var signature = new SimAuthenticator(signer, N).Sign(CommitDigest.For(genesis, 1, 0, hash));
                certificate.Signatures.Add(new ValidatorSignature { ValidatorIndex = (uint)signer, Signature = ByteString.CopyFrom(signature) });
            }
            return certificate;
        }

        var outcome = ReplicaOn(SimBlocks.GenesisHash, 3).DeliverCertifiedBlock(block, CertifiedFor(OtherGenesis));
        Assert.AreEqual(StepResult.Rejected, outcome.Result, outcome.Reason);
        StringAssert.Contains(outcome.Reason, "does not verify");
        Assert.AreEqual(StepResult.Accepted, ReplicaOn(SimBlocks.GenesisHash, 3).DeliverCertifiedBlock(block, CertifiedFor(SimBlocks.GenesisHash)).Result);
    }
}
