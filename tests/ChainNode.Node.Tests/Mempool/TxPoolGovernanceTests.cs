using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Node.Mempool;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Node.Tests.Mempool;

/// <summary>The mempool around governance: only admins' governance txs get in, and a member removed by governance leaves nothing behind.</summary>
[TestClass]
public sealed class TxPoolGovernanceTests
{
    private static readonly TestNetwork Network = new();
    private static readonly Ledger.Crypto.PrivateKey Admin = Network.MemberKeys[0];

    private static (ChainStore Chain, TxPool Pool) NewPool(int maxTxs = 100)
    {
        var chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        var pool = new TxPool(Network.Genesis.ChainId, new TxPoolLimits(maxTxs, 1 << 20, 4, 100, GapTimeout: TimeSpan.FromSeconds(60)), () => chain.State,
            hash => chain.GetTxLocation(hash)?.Height, contractsEnabled: false, TimeProvider.System);
        return (chain, pool);
    }

    [TestMethod]
    public void A_governance_tx_from_a_member_who_is_not_an_admin_is_refused_as_not_admin_before_its_signature_is_checked()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        var txs = new GovernanceTxFactory(Network.Genesis.ChainId);
        var proposal = txs.Propose(Network.MemberKeys[1], GovernanceTxFactory.MemberAdd(Network.MemberKeys[2].Address));
        var forged = new SignedTx { Body = proposal.Body, Signature = ByteString.CopyFrom(new byte[64]) };

        var refused = Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(forged));
        Assert.AreEqual(RejectReason.NotAdmin, refused.Reason, "the cheap admin check comes before the signature check");
        Assert.AreEqual("not_admin", refused.Token);
        StringAssert.Contains(refused.Message, $"sender {Network.MemberKeys[1].Address} is not an admin");
        Assert.AreEqual(RejectReason.NotAdmin, Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(proposal)).Reason);
    }

    [TestMethod]
    public void An_admins_proposal_is_admitted_on_a_chain_without_contracts_and_needs_the_governance_gas_floor()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        var txs = new GovernanceTxFactory(Network.Genesis.ChainId);
        var cheap = txs.Sign(Admin, 21_000, b => b.Propose = new GovernancePropose { Action = GovernanceTxFactory.MemberAdd(new Address(new byte[20])) });
        Assert.AreEqual(RejectReason.GasLimitTooLow, Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(cheap)).Reason);

        pool.Admit(new GovernanceTxFactory(Network.Genesis.ChainId).Propose(Admin, GovernanceTxFactory.MemberAdd(new Address(new byte[20]))));
        Assert.AreEqual(1, pool.Count);
    }

    // Each validator's clients may have a full client share in flight, so gossip gets a share
    // per validator. Before the fix the count was genesis's for good: a validator added by
    // governance brought its clients' share with no room for it, and the gossip was refused
    // until the origin's rebroadcast seconds later.
    [TestMethod]
    public void Gossip_has_room_for_a_share_per_validator_of_the_latest_scheduled_set()
    {
        var (chain, pool) = NewPool(maxTxs: 2);
        using var _ = chain;
        var txs = new GovernanceTxFactory(Network.Genesis.ChainId);
        var builder = new ExecutingChainBuilder(chain, Network.ValidatorKeys);
        var addition = txs.Propose(Admin, GovernanceTxFactory.ValidatorAdd("added", Ledger.Crypto.PrivateKey.FromInsecureSeed("added-validator"), "127.0.0.1:26999"));
        var receipts = builder.Commit(addition);
        Assert.AreEqual(ReceiptStatus.Success, receipts[0].Status, receipts[0].Error);
        var validators = Ledger.Governance.GovernanceReads.LatestEpoch(chain.State).Validators.Count;
        Assert.AreEqual(Network.Genesis.Validators.Count + 1, validators, "the addition is scheduled");

        var senders = Network.MemberKeys.Skip(1).ToList();
        for (var i = 0; i < 2 * validators; i++)
            pool.Admit(txs.Transfer(senders[i % senders.Count], Admin.Address, 1));
        var refused = Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(txs.Transfer(senders[0], Admin.Address, 1)));
        Assert.AreEqual(RejectReason.MempoolFull, refused.Reason);
        StringAssert.Contains(refused.Message, $"limits {2 * validators} txs");
    }

    // Before the fix the removed member's txs stayed: no block could take them (not_member), and
    // only a primary drops what it skips, so on every backup they were held forever and the
    // request timer kept suspecting the primary of censoring them.
    [TestMethod]
    public void A_member_removed_by_governance_has_its_pending_txs_dropped_when_the_removal_commits()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        var removed = Network.MemberKeys[3];
        var txs = new GovernanceTxFactory(Network.Genesis.ChainId);
        var pending = new[] { txs.Transfer(removed, Admin.Address, 1), txs.Transfer(removed, Admin.Address, 2) };
        foreach (var tx in pending)
            pool.Admit(tx);
        var kept = txs.Transfer(Network.MemberKeys[2], Admin.Address, 1);
        pool.Admit(kept);

        var builder = new ExecutingChainBuilder(chain, Network.ValidatorKeys);
        var removal = txs.Propose(Admin, GovernanceTxFactory.MemberRemove(removed.Address));
        var receipts = builder.Commit(removal);
        Assert.AreEqual(ReceiptStatus.Success, receipts[0].Status, receipts[0].Error);
        Assert.IsFalse(chain.State.IsMember(removed.Address));

        var dropped = new List<(MempoolEntry Entry, string Reason)>();
        pool.RemoveCommitted([TransactionCodec.HashOf(removal)], chain.State, (entry, reason) => dropped.Add((entry, reason)));

        Assert.AreEqual(1, pool.Count, "only the remaining member's tx is left");
        Assert.IsNotNull(pool.Lookup(kept));
        CollectionAssert.AreEquivalent(pending.Select(TransactionCodec.HashOf).ToList(), dropped.Select(d => d.Entry.Tx.Hash).ToList());
        StringAssert.Contains(dropped[0].Reason, $"sender {removed.Address} is no longer a member");
    }
}
