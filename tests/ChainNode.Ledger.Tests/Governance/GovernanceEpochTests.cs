using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Testing;
using static ChainNode.Testing.GovernanceTxFactory;

namespace ChainNode.Ledger.Tests.Governance;

/// <summary>Validator and parameter changes: checked, scheduled as an epoch at h + 2, and under the state root.</summary>
[TestClass]
public sealed class GovernanceEpochTests
{
    private static readonly PrivateKey Newcomer = PrivateKey.FromInsecureSeed("validator-newcomer");

    [TestMethod]
    public void A_validator_add_whose_proof_of_possession_another_key_made_is_refused()
    {
        using var g = new GovernanceHarness(new TestNetwork());
        var forged = ValidatorAdd("validator-4", Newcomer, "127.0.0.1:28004", ProofOfPossession.Create(PrivateKey.FromInsecureSeed("someone else")));
        var (receipt, id) = g.Propose(g.Admin(0), forged);

        Assert.AreEqual(ReceiptStatus.Failed, receipt.Status);
        Assert.AreEqual("the proof of possession does not verify: it was not made with this key's private half", receipt.Error);
        Assert.IsNull(g.Chain.State.ReadProposal(id));
        Assert.AreEqual(1, g.Chain.State.ReadEpochs().Epochs.Count);
    }

    [TestMethod]
    public void A_validator_added_at_height_h_joins_the_set_from_height_h_plus_2()
    {
        using var g = new GovernanceHarness(new TestNetwork());
        var (receipt, id) = g.Propose(g.Admin(0), ValidatorAdd("validator-4", Newcomer, "127.0.0.1:28004"));
        Assert.AreEqual(ReceiptStatus.Success, receipt.Status, receipt.Error);
        Assert.AreEqual("", receipt.Warning);

        var epochs = g.Chain.State.ReadEpochs().Epochs;
        Assert.AreEqual(2, epochs.Count);
        Assert.AreEqual(3UL, epochs[1].StartHeight);
        Assert.AreEqual(3UL, g.Proposal(id).TakesEffectHeight);
        Assert.AreEqual(4, g.Chain.State.EpochAt(2).Validators.Count);
        var grown = g.Chain.State.EpochAt(3);
        Assert.AreEqual(5, grown.Validators.Count);
        Assert.AreEqual(4, grown.IndexOf(Newcomer.PublicKey));
        Assert.AreEqual("validator-4", grown.Validators[4].Name);
    }

    [TestMethod]
    public void Two_changes_executed_in_one_block_share_one_new_epoch()
    {
        using var g = new GovernanceHarness(new TestNetwork());
        var other = PrivateKey.FromInsecureSeed("validator-other");
        var receipts = g.Commit(
            g.Txs.Propose(g.Admin(0), ValidatorAdd("validator-4", Newcomer, "127.0.0.1:28004")),
            g.Txs.Propose(g.Admin(0), ReplaceKey("validator-0", other)));
        Assert.IsTrue(receipts.All(r => r.Status == ReceiptStatus.Success), string.Join("; ", receipts.Select(r => r.Error)));

        var epochs = g.Chain.State.ReadEpochs().Epochs;
        Assert.AreEqual(2, epochs.Count);
        var next = ValidatorEpoch.From(epochs[1]);
        Assert.AreEqual(5, next.Validators.Count);
        Assert.AreEqual(0, next.IndexOf(other.PublicKey), "a validator keeps its name and place across a key replace");
        Assert.IsNull(next.IndexOf(g.Network.ValidatorKeys[0].PublicKey));

        g.Commit(g.Txs.Propose(g.Admin(0), ValidatorRemove("validator-4")));
        Assert.AreEqual(3, g.Chain.State.ReadEpochs().Epochs.Count, "a change in a later block opens the epoch after");
        Assert.AreEqual(4UL, g.Chain.State.ReadEpochs().Epochs[2].StartHeight);
    }

    [TestMethod]
    public void Removing_the_last_validator_is_refused()
    {
        using var g = new GovernanceHarness(new TestNetwork(validators: 1));
        var receipt = g.Propose(g.Admin(0), ValidatorRemove("validator-0")).Receipt;
        Assert.AreEqual(ReceiptStatus.Failed, receipt.Status);
        Assert.AreEqual("removing 'validator-0' would leave no validator", receipt.Error);
        Assert.AreEqual(1, g.Chain.State.ReadEpochs().Epochs.Count);
    }

    [TestMethod]
    public void A_set_that_drops_below_4_validators_is_changed_with_a_warning_in_the_receipt()
    {
        using var g = new GovernanceHarness(new TestNetwork());
        var receipt = g.Propose(g.Admin(0), ValidatorRemove("validator-3")).Receipt;
        Assert.AreEqual(ReceiptStatus.Success, receipt.Status, receipt.Error);
        Assert.AreEqual("from height 3 the validator set has 3 validator(s): below 4 no fault is tolerated (f = 0)", receipt.Warning);
    }

    [TestMethod]
    public void A_parameter_outside_its_bounds_or_the_view_change_budget_is_refused()
    {
        using var g = new GovernanceHarness(new TestNetwork());
        var tiny = g.Propose(g.Admin(0), Parameters(new ConsensusParametersChange { MaxBlockBytes = 100 })).Receipt;
        Assert.AreEqual("from height 3, with 4 validators: maxBlockBytes: must be 1 KiB..64 MiB", tiny.Error);
        var slow = g.Propose(g.Admin(0), Parameters(new ConsensusParametersChange { TargetBlockIntervalMs = 5_000 })).Receipt;
        StringAssert.Contains(slow.Error, "viewChangeTimeoutMs: must exceed targetBlockIntervalMs");
        var huge = g.Propose(g.Admin(0), Parameters(new ConsensusParametersChange { MaxBlockBytes = 32 * 1024 * 1024 })).Receipt;
        Assert.AreEqual(ReceiptStatus.Failed, huge.Status);
        StringAssert.Contains(huge.Error, "is too large for 4 validators");
        Assert.AreEqual(1, g.Chain.State.ReadEpochs().Epochs.Count);
    }

    [TestMethod]
    public void A_validator_add_that_would_make_the_block_size_too_large_for_a_new_view_is_refused()
    {
        var network = new TestNetwork();
        network.Document.Consensus!.MaxBlockBytes = (uint)ViewChangeSizeBudget.LargestBlockBytes(4);
        using var g = new GovernanceHarness(network, GenesisLoader.Validate(network.Document));
        var receipt = g.Propose(g.Admin(0), ValidatorAdd("validator-4", Newcomer, "127.0.0.1:28004")).Receipt;

        Assert.AreEqual(ReceiptStatus.Failed, receipt.Status);
        StringAssert.Contains(receipt.Error, "is too large for 5 validators");
    }

    [TestMethod]
    public void A_gas_price_change_applies_from_the_new_epoch_not_from_the_block_that_executes_it()
    {
        using var g = new GovernanceHarness(new TestNetwork());
        var (payer, to) = (g.Network.MemberKeys[1], g.Network.MemberKeys[2].Address);
        g.Propose(g.Admin(0), Parameters(new ConsensusParametersChange { GasPrice = 2 }));
        Assert.AreEqual(0UL, BlockExecutor.ContextOf(new BlockHeader { Height = 2 }, g.Chain.State).GasPrice);
        Assert.AreEqual(2UL, BlockExecutor.ContextOf(new BlockHeader { Height = 3 }, g.Chain.State).GasPrice);

        g.Commit(g.Txs.Transfer(payer, to, 10));
        Assert.AreEqual(TestNetwork.InitialBalance - 10, g.Chain.State.GetAccount(payer.Address)!.Balance, "block 2 runs at the old price 0");
        g.Commit(g.Txs.Transfer(payer, to, 10));
        Assert.AreEqual(TestNetwork.InitialBalance - 20 - 2 * GasSchedule.Transfer, g.Chain.State.GetAccount(payer.Address)!.Balance, "block 3 at the new price 2");
    }

    [TestMethod]
    public void Every_governance_effect_is_under_the_state_root_and_re_execution_gives_the_same_root()
    {
        var network = new TestNetwork(admins: 2, threshold: 2);
        using var first = new GovernanceHarness(network);
        using var second = new GovernanceHarness(network);
        foreach (var g in new[] { first, second })
        {
            var (_, id) = g.Propose(g.Admin(0), ValidatorAdd("validator-4", Newcomer, "127.0.0.1:28004"));
            g.Commit(g.Txs.Approve(g.Admin(1), id), g.Txs.Propose(g.Admin(1), MemberRemove(g.Network.MemberKeys[5].Address)));
        }
        Assert.AreEqual(new Hash32(first.Chain.Head.StateRoot.Span), new Hash32(second.Chain.Head.StateRoot.Span));

        // The same block re-executed by a replica over its parent gives the header's root, and
        // the root moves with every governance record the block wrote.
        using var replica = new GovernanceHarness(network);
        var (proposal, _) = replica.Propose(replica.Admin(0), ValidatorAdd("validator-4", Newcomer, "127.0.0.1:28004"));
        var approval = replica.Txs.Approve(replica.Admin(1), replica.Chain.State.ReadProposalIds()[0]);
        var (next, result) = replica.Blocks.Build([approval]);
        var again = new BlockExecutor(TestNetwork.ChainId, new TransactionExecutor(NoContractRuntime.Instance))
            .Execute(next, replica.Chain.State, new Hash32(replica.Chain.Head.StateRoot.Span));
        Assert.AreEqual(result.StateRoot, again.StateRoot);
        Assert.AreEqual(new Hash32(next.Header.StateRoot.Span), again.StateRoot);
        Assert.IsTrue(result.Changes.TryGet(StateKeys.Epochs, out _), "the new epoch is a state change");
        Assert.IsTrue(result.Changes.TryGet(StateKeys.Proposal(replica.Chain.State.ReadProposalIds()[0]), out _), "the proposal's record is a state change");
        Assert.AreEqual(ReceiptStatus.Success, proposal.Status);
    }
}
