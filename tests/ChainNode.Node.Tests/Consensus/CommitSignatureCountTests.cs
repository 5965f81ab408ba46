using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Types;
using ChainNode.Node.Consensus;
using ChainNode.Storage.Memory;
using ChainNode.Testing;

namespace ChainNode.Node.Tests.Consensus;

/// <summary>Each commit signature costs one secp256k1 check: when its COMMIT arrives, not again when its certificate is committed.</summary>
[TestClass]
public sealed class CommitSignatureCountTests
{
    private static readonly TestNetwork Network = new();

    [TestMethod]
    public void A_certificate_whose_commits_were_checked_as_they_arrived_is_not_checked_again_on_commit()
    {
        using var chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        var builder = new TestChainBuilder(Network, chain);
        var (fetched, fetchedChanges) = builder.Next(builder.Txs.Transfers(2));
        chain.Commit(fetched, fetchedChanges);
        Assert.AreEqual(fetched.Certificate.Signatures.Count, chain.Signatures.Checks, "a certificate nobody checked before is checked on commit, once per signature");

        var (block, changes) = builder.Next(builder.Txs.Transfers(3));
        var decoded = DecodedBlock.From(block.Block);
        var authenticator = new SecpMessageAuthenticator(Network.ValidatorKeys[0], Network.Genesis.Validators, chain.Signatures);
        var digest = CommitDigest.For(chain.GenesisHash, decoded.Height, block.Certificate.View, decoded.Hash);
        foreach (var vote in block.Certificate.Signatures)
            Assert.IsTrue(authenticator.Verify((int)vote.ValidatorIndex, digest, vote.Signature.Span), "each COMMIT as it arrives");
        var checkedOnArrival = chain.Signatures.Checks;

        chain.Commit(block, changes);
        Assert.AreEqual(checkedOnArrival, chain.Signatures.Checks, "the commit found every signature already checked");
        Assert.AreEqual(2UL, chain.Height);
    }

    [TestMethod]
    public void A_signature_seen_valid_under_one_key_is_checked_again_under_another()
    {
        var memo = new VerifiedSignatures();
        var digest = Hash32.Compute("commit"u8);
        var signature = Network.ValidatorKeys[0].Sign(digest);
        Assert.IsTrue(memo.Verify(Network.ValidatorKeys[0].PublicKey, digest, signature));
        Assert.IsFalse(memo.Verify(Network.ValidatorKeys[1].PublicKey, digest, signature), "a memo hit is for the same signer only");
        Assert.AreEqual(2, memo.Checks);
    }
}
