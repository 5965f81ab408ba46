using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Testing;
using static ChainNode.Testing.GovernanceTxFactory;

namespace ChainNode.Ledger.Tests.Governance;

/// <summary>Who may govern, how approvals add up to a threshold, and what a proposal's record says afterwards.</summary>
[TestClass]
public sealed class GovernanceApprovalTests
{
    private static readonly PrivateKey Alice = PrivateKey.FromInsecureSeed("alice");

    [TestMethod]
    public void A_new_key_is_not_a_member_until_an_admin_adds_her_and_is_refused_again_once_removed()
    {
        using var g = new GovernanceHarness(new TestNetwork());
        var admin = g.Admin(0);
        Assert.AreEqual(InapplicableReason.NotMember, g.Refusal(new GovernanceTxFactory(TestNetwork.ChainId).Transfer(Alice, admin.Address, 1)));

        var (added, id) = g.Propose(admin, MemberAdd(Alice.Address));
        Assert.AreEqual(ReceiptStatus.Success, added.Status, added.Error);
        Assert.AreEqual(ProposalStatus.Executed, g.Proposal(id).Status, "one admin, threshold 1: it executes in the proposing block");
        Assert.AreEqual(g.Chain.Height, g.Proposal(id).ExecutedHeight);
        CollectionAssert.Contains(g.Chain.State.ReadMembers().ToList(), Alice.Address);
        g.Commit(g.Txs.Transfer(admin, Alice.Address, 1_000));

        var sent = g.Commit(g.Txs.Transfer(Alice, admin.Address, 400))[0];
        Assert.AreEqual(ReceiptStatus.Success, sent.Status, sent.Error);
        Assert.AreEqual(600UL, g.Chain.State.GetAccount(Alice.Address)!.Balance);

        Assert.AreEqual(ReceiptStatus.Success, g.Propose(admin, MemberRemove(Alice.Address)).Receipt.Status);
        Assert.AreEqual(InapplicableReason.NotMember, g.Refusal(g.Txs.Transfer(Alice, admin.Address, 1)));
        CollectionAssert.DoesNotContain(g.Chain.State.ReadMembers().ToList(), Alice.Address);
    }

    [TestMethod]
    public void A_non_admins_proposal_fails_with_a_receipt_that_names_the_sender_and_still_uses_its_nonce()
    {
        using var g = new GovernanceHarness(new TestNetwork());
        var outsider = g.Network.MemberKeys[1];
        var (receipt, id) = g.Propose(outsider, MemberAdd(Alice.Address));

        Assert.AreEqual(ReceiptStatus.Failed, receipt.Status);
        Assert.AreEqual($"sender {outsider.Address} is not an admin: only admins may propose or approve governance changes", receipt.Error);
        Assert.AreEqual(GasSchedule.Governance, receipt.GasUsed);
        Assert.AreEqual(1UL, g.Chain.State.GetAccount(outsider.Address)!.Nonce);
        Assert.IsNull(g.Chain.State.ReadProposal(id));
        Assert.AreEqual(0, g.Chain.State.ReadProposalIds().Count);
    }

    [TestMethod]
    public void With_threshold_2_of_3_one_approval_leaves_a_proposal_pending_a_repeated_one_counts_once_and_the_second_admin_executes_it()
    {
        using var g = new GovernanceHarness(new TestNetwork(admins: 3, threshold: 2));
        var (proposed, id) = g.Propose(g.Admin(0), MemberAdd(Alice.Address));
        Assert.AreEqual(ReceiptStatus.Success, proposed.Status, proposed.Error);
        var pending = g.Proposal(id);
        Assert.AreEqual(ProposalStatus.Pending, pending.Status);
        Assert.AreEqual(2U, pending.Threshold);
        Assert.AreEqual(1, pending.Approvals.Count);
        Assert.IsFalse(g.Chain.State.IsMember(Alice.Address));

        var again = g.Approve(g.Admin(0), id);
        Assert.AreEqual(ReceiptStatus.Failed, again.Status);
        Assert.AreEqual($"proposal {id} is already approved by {g.Admin(0).Address}", again.Error);
        Assert.AreEqual(1, g.Proposal(id).Approvals.Count, "a repeated approval counts once");
        Assert.IsFalse(g.Chain.State.IsMember(Alice.Address));

        var second = g.Approve(g.Admin(1), id);
        Assert.AreEqual(ReceiptStatus.Success, second.Status, second.Error);
        Assert.AreEqual(ProposalStatus.Executed, g.Proposal(id).Status);
        Assert.AreEqual(g.Chain.Height, g.Proposal(id).ExecutedHeight);
        Assert.IsTrue(g.Chain.State.IsMember(Alice.Address));

        var late = g.Approve(g.Admin(2), id);
        Assert.AreEqual(ReceiptStatus.Failed, late.Status);
        Assert.AreEqual($"proposal {id} was already executed at height {g.Proposal(id).ExecutedHeight}", late.Error);
    }

    [TestMethod]
    public void A_proposal_past_its_lifetime_cannot_execute_and_its_record_is_marked_expired()
    {
        using var g = new GovernanceHarness(new TestNetwork(admins: 3, threshold: 2, proposalLifetimeBlocks: 2));
        var (_, id) = g.Propose(g.Admin(0), MemberAdd(Alice.Address));
        Assert.AreEqual(3UL, g.Proposal(id).ExpiresHeight, "made at height 1, for 2 blocks");
        g.Commit();

        var late = g.Approve(g.Admin(1), id);
        Assert.AreEqual(ReceiptStatus.Failed, late.Status);
        Assert.AreEqual($"proposal {id} expired at height 3", late.Error);
        Assert.AreEqual(ProposalStatus.Expired, g.Proposal(id).Status, "the record is rewritten though the approval failed");
        Assert.AreEqual(1, g.Proposal(id).Approvals.Count);
        Assert.IsFalse(g.Chain.State.IsMember(Alice.Address));
    }

    [TestMethod]
    public void Admin_roles_need_membership_and_the_last_admin_cannot_be_removed()
    {
        using var g = new GovernanceHarness(new TestNetwork());
        var admin = g.Admin(0);
        Assert.AreEqual($"{Alice.Address} is not a member: add it as a member first", g.Propose(admin, AdminAdd(Alice.Address)).Receipt.Error);
        Assert.AreEqual($"{admin.Address} is an admin: remove the admin role first", g.Propose(admin, MemberRemove(admin.Address)).Receipt.Error);
        Assert.AreEqual($"{admin.Address} is the last admin: the network would have no one to govern it", g.Propose(admin, AdminRemove(admin.Address)).Receipt.Error);
        Assert.AreEqual($"{g.Network.MemberKeys[1].Address} is already a member", g.Propose(admin, MemberAdd(g.Network.MemberKeys[1].Address)).Receipt.Error);

        var second = g.Network.MemberKeys[1];
        Assert.AreEqual(ReceiptStatus.Success, g.Propose(admin, AdminAdd(second.Address)).Receipt.Status);
        var (receipt, id) = g.Propose(second, AdminRemove(admin.Address));
        Assert.AreEqual(ReceiptStatus.Success, receipt.Status, receipt.Error);
        Assert.AreEqual(ProposalStatus.Pending, g.Proposal(id).Status, "a majority of 2 admins is 2");
        Assert.AreEqual(ReceiptStatus.Success, g.Approve(admin, id).Status, "an admin may approve removing herself");
        CollectionAssert.AreEqual(new[] { second.Address }, g.Chain.State.ReadAdmins().ToList());
    }

    [TestMethod]
    public void An_admin_whose_removal_would_leave_fewer_admins_than_the_threshold_cannot_be_removed()
    {
        using var g = new GovernanceHarness(new TestNetwork(admins: 2, threshold: 2));
        var (receipt, id) = g.Propose(g.Admin(0), AdminRemove(g.Admin(1).Address));
        Assert.AreEqual(ReceiptStatus.Failed, receipt.Status, "a proposal is tried on the state when it is made");
        Assert.AreEqual($"removing {g.Admin(1).Address} would leave 1 admin(s), fewer than the 2 approvals every proposal needs", receipt.Error);
        Assert.IsNull(g.Chain.State.ReadProposal(id));
        Assert.AreEqual(2, g.Chain.State.ReadAdmins().Count);
    }

    [TestMethod]
    public void An_approval_that_reaches_the_threshold_when_the_action_no_longer_applies_succeeds_and_fails_the_proposal_with_the_reason()
    {
        using var g = new GovernanceHarness(new TestNetwork(admins: 3, threshold: 2));
        var newcomer = PrivateKey.FromInsecureSeed("newcomer");
        var other = PrivateKey.FromInsecureSeed("other newcomer");
        var (_, first) = g.Propose(g.Admin(0), ValidatorAdd("validator-new", newcomer, "127.0.0.1:28000"));
        var (_, second) = g.Propose(g.Admin(0), ValidatorAdd("validator-new", other, "127.0.0.1:28001"));
        Assert.AreEqual(ReceiptStatus.Success, g.Approve(g.Admin(1), first).Status);

        var approval = g.Approve(g.Admin(1), second);
        Assert.AreEqual(ReceiptStatus.Success, approval.Status, "the approval itself was valid and counted");
        StringAssert.Contains(approval.Warning, "could not execute: a validator named 'validator-new' already exists");
        var failed = g.Proposal(second);
        Assert.AreEqual(ProposalStatus.Failed, failed.Status);
        Assert.AreEqual("a validator named 'validator-new' already exists", failed.Error);
        Assert.AreEqual(2, failed.Approvals.Count);
    }
}
