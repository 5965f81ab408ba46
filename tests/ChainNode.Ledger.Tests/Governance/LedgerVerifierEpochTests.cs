using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Testing;
using Google.Protobuf;
using static ChainNode.Testing.GovernanceTxFactory;

namespace ChainNode.Ledger.Tests.Governance;

/// <summary>verify-ledger checks each certificate against the validator set in force at its height, across set changes.</summary>
[TestClass]
public sealed class LedgerVerifierEpochTests
{
    private static readonly PrivateKey NewKey = PrivateKey.FromInsecureSeed("validator-0 after rotation");

    // Block 1 replaces validator-0's key and adds a fifth validator: the set changes at height 3.
    private static GovernanceHarness ChainWithASetChange()
    {
        var g = new GovernanceHarness(new TestNetwork());
        g.Blocks.Know(NewKey);
        var fifth = PrivateKey.FromInsecureSeed("validator-4");
        g.Blocks.Know(fifth);
        var receipts = g.Commit(
            g.Txs.Propose(g.Admin(0), ReplaceKey("validator-0", NewKey)),
            g.Txs.Propose(g.Admin(0), ValidatorAdd("validator-4", fifth, "127.0.0.1:28004")));
        Assert.IsTrue(receipts.All(r => r.Status == ReceiptStatus.Success), string.Join("; ", receipts.Select(r => r.Error)));
        g.Commit();
        return g;
    }

    private static readonly TransactionExecutor Transactions = new(NoContractRuntime.Instance);

    [TestMethod]
    public void Certificates_signed_by_the_new_set_after_the_switch_height_verify()
    {
        using var g = ChainWithASetChange();
        g.Commit(g.Txs.Transfer(g.Admin(0), g.Network.MemberKeys[1].Address, 5));
        g.Commit();
        Assert.AreEqual(4UL, g.Chain.Height);
        Assert.AreEqual(4, g.Chain.State.EpochAt(3).Validators.QuorumSize, "5 validators: quorum 4, and validator 0 signs with its new key");

        var verified = LedgerVerifier.Verify(g.Chain);
        Assert.IsTrue(verified.Ok, $"height {verified.FirstBadHeight}: {verified.Problem}");
        var replayed = LedgerVerifier.Verify(g.Chain, replay: new BlockExecutor(TestNetwork.ChainId, Transactions));
        Assert.IsTrue(replayed.Ok, $"replayed, height {replayed.FirstBadHeight}: {replayed.Problem}");
    }

    [TestMethod]
    public void A_ledger_whose_head_a_later_validator_set_certified_reopens_and_a_stale_head_certificate_is_refused()
    {
        using var g = ChainWithASetChange();
        var (block, result) = g.Blocks.Build([]);
        var newSet = g.Chain.State.EpochAt(3).Validators;
        var valid = g.Blocks.Certify(block, newSet);
        g.Chain.Commit(block, valid, result);

        using (ChainStore.Open(g.Store, g.Chain.Genesis, initializeIfEmpty: false))
        {
            // Opening once checked the head against genesis's set and refused every ledger past a set change.
        }
        using (var tamper = g.Store.CreateBatch())
        {
            tamper.Put(StoreKeys.Certificate(3), g.Blocks.Certify(block, g.Chain.State.EpochAt(2).Validators).ToByteArray());
            g.Store.Write(tamper, sync: false);
        }
        var error = Assert.ThrowsExactly<LedgerCorruptException>(() => ChainStore.Open(g.Store, g.Chain.Genesis, initializeIfEmpty: false));
        StringAssert.Contains(error.Message, "Block 3's commit certificate is invalid");
    }

    [TestMethod]
    public void A_certificate_signed_by_the_old_set_after_the_switch_height_is_refused()
    {
        using var g = ChainWithASetChange();
        var (block, result) = g.Blocks.Build([]);
        var oldSet = g.Chain.State.EpochAt(2).Validators;
        var newSet = g.Chain.State.EpochAt(3).Validators;
        var stale = g.Blocks.Certify(block, oldSet);
        Assert.ThrowsExactly<BlockRejectedException>(() => g.Chain.Commit(block, stale, result), "the store itself refuses it on commit");
        g.Chain.Commit(block, g.Blocks.Certify(block, newSet), result);
        var (next, nextResult) = g.Blocks.Build([]);
        g.Chain.Commit(next, g.Blocks.Certify(next, newSet), nextResult);
        using (var tamper = g.Store.CreateBatch()) // as if the stored chain were tampered with
        {
            tamper.Put(StoreKeys.Certificate(3), stale.ToByteArray());
            g.Store.Write(tamper, sync: false);
        }
        using var reopened = ChainStore.Open(g.Store, g.Chain.Genesis, initializeIfEmpty: false); // the head (4) is intact

        foreach (var verified in new[] { LedgerVerifier.Verify(reopened), LedgerVerifier.Verify(reopened, replay: new BlockExecutor(TestNetwork.ChainId, Transactions)) })
        {
            Assert.IsFalse(verified.Ok);
            Assert.AreEqual(3UL, verified.FirstBadHeight, verified.Problem);
        }
    }

    [TestMethod]
    public void Replaying_finds_a_block_whose_state_root_differs_from_its_execution()
    {
        using var g = ChainWithASetChange();
        var (block, result) = g.Blocks.Build([g.Txs.Transfer(g.Admin(0), g.Network.MemberKeys[1].Address, 5)]);
        var tampered = new StateChanges();
        foreach (var (key, value) in result.Changes.InKeyOrder)
            tampered.Set(key, value ?? []);
        tampered.Set(StateKeys.Account(g.Network.MemberKeys[1].Address), new Account { Balance = 1 }.ToByteArray());
        var header = BlockHeader.Parser.ParseFrom(block.Block.Header);
        header.StateRoot = StateRoot.Next(new Hash32(g.Chain.Head.StateRoot.Span), tampered).ToByteString();
        var forged = DecodedBlock.Create(header, block.Block.Transactions.ToList());
        g.Chain.Commit(new FinalizedBlock { Block = forged.Block, Certificate = g.Blocks.Certify(forged, g.Chain.State.EpochAt(3).Validators) }, tampered);

        Assert.IsTrue(LedgerVerifier.Verify(g.Chain).Ok, "without replay, state is not checked");
        var replayed = LedgerVerifier.Verify(g.Chain, replay: new BlockExecutor(TestNetwork.ChainId, Transactions));
        Assert.IsFalse(replayed.Ok);
        Assert.AreEqual(3UL, replayed.FirstBadHeight);
        StringAssert.Contains(replayed.Problem, "state root");
    }
}
