using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Node.Mempool;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Node.Tests.Mempool;

[TestClass]
public sealed class TxPoolTests
{
    private static readonly TestNetwork Network = new();

    private static (ChainStore Chain, TxPool Pool) NewPool(int maxTxs = 100, long maxBytes = 1 << 20, int maxGap = 4, TimeProvider? clock = null, TestNetwork? network = null,
        int maxPerSender = 100)
    {
        var chain = ChainStore.Open(new MemoryKeyValueStore(), (network ?? Network).Genesis, initializeIfEmpty: true);
        var pool = new TxPool(Network.Genesis.ChainId, new TxPoolLimits(maxTxs, maxBytes, maxGap, maxPerSender, GapTimeout: TimeSpan.FromSeconds(60)), () => chain.State,
            hash => chain.GetTxLocation(hash)?.Height, contractsEnabled: false, clock ?? TimeProvider.System);
        return (chain, pool);
    }

    [TestMethod]
    public void Local_txs_waiting_too_long_are_handed_out_again_for_gossip_once_per_interval()
    {
        var clock = new ManualClock();
        var (chain, pool) = NewPool(clock: clock);
        using var _ = chain;
        var local = Transfer(0, 0);
        pool.Admit(local, local: true);
        pool.Admit(Transfer(1, 0)); // arrived by gossip: its origin rebroadcasts it, not us
        Assert.AreEqual(0, pool.TakeForRebroadcast(TimeSpan.FromSeconds(3), 10).Count);
        clock.Now += TimeSpan.FromSeconds(4);
        CollectionAssert.AreEqual(new[] { local }, pool.TakeForRebroadcast(TimeSpan.FromSeconds(3), 10));
        Assert.AreEqual(0, pool.TakeForRebroadcast(TimeSpan.FromSeconds(3), 10).Count);
    }

    private static SignedTx Transfer(int from, ulong nonce, ulong amount = 1, PrivateKey? key = null, ulong gasLimit = 21_000)
    {
        key ??= Network.MemberKeys[from];
        return TransactionCodec.Sign(new TxBody
        {
            ChainId = Network.Genesis.ChainId,
            SenderPublicKey = key.PublicKey.ToByteString(),
            Nonce = nonce,
            GasLimit = gasLimit,
            Transfer = new Transfer { To = Network.MemberKeys[(from + 1) % 4].Address.ToByteString(), Amount = amount },
        }, key);
    }

    [TestMethod]
    public void At_a_gas_price_a_sender_must_cover_value_and_maximum_fee_together_counting_its_pending_txs()
    {
        const ulong price = 1_000, maxFee = 21_000 * price;
        var (chain, pool) = NewPool(network: new TestNetwork(gasPrice: price));
        using var _ = chain;

        pool.Admit(Transfer(0, 0, amount: TestNetwork.InitialBalance - maxFee));
        Assert.AreEqual(RejectReason.InsufficientBalance, Refusal(pool, Transfer(0, 1, amount: 0)), "the first tx reserved the whole balance");
        Assert.AreEqual(RejectReason.InsufficientBalance, Refusal(pool, Transfer(1, 0, amount: TestNetwork.InitialBalance - maxFee + 1)));
        Assert.AreEqual(RejectReason.InsufficientBalance, Refusal(pool, Transfer(2, 0, amount: ulong.MaxValue, gasLimit: ulong.MaxValue)), "a cost beyond 2^64 is refused, not wrapped");
        pool.Admit(Transfer(1, 0, amount: TestNetwork.InitialBalance - maxFee));
    }

    private static RejectReason Refusal(TxPool pool, SignedTx tx) => Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(tx)).Reason;

    [TestMethod]
    public void Duplicates_taken_nonces_and_non_members_are_refused()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        var tx = Transfer(0, 0);
        pool.Admit(tx);
        Assert.AreEqual(RejectReason.Duplicate, Refusal(pool, tx));
        Assert.AreEqual(RejectReason.NonceTaken, Refusal(pool, Transfer(0, 0, amount: 2)));
        Assert.AreEqual(RejectReason.NotMember, Refusal(pool, Transfer(0, 0, key: PrivateKey.FromInsecureSeed("outsider"))));
        var forged = new SignedTx { Body = Transfer(1, 0).Body, Signature = ByteString.CopyFrom(new byte[64]) };
        Assert.AreEqual(RejectReason.BadSignature, Refusal(pool, forged));
        Assert.AreEqual(1, pool.Count);
    }

    [TestMethod]
    public void A_non_member_is_refused_before_its_signature_is_checked()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        var outsider = Transfer(0, 0, key: PrivateKey.FromInsecureSeed("outsider"));
        var unchecked_ = new SignedTx { Body = outsider.Body, Signature = ByteString.CopyFrom(new byte[64]) };
        Assert.AreEqual(RejectReason.NotMember, Refusal(pool, unchecked_), "membership is a state read; a signature check costs a core for ~50 µs");
    }

    [TestMethod]
    public void One_sender_holds_at_most_its_quota_so_it_cannot_crowd_out_the_others()
    {
        var (chain, pool) = NewPool(maxPerSender: 3);
        using var _ = chain;
        for (ulong nonce = 0; nonce < 3; nonce++)
            pool.Admit(Transfer(0, nonce)); // by gossip, whose share of the pool is the largest
        var refused = Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(Transfer(0, 3)));
        Assert.AreEqual(RejectReason.MempoolFull, refused.Reason);
        StringAssert.Contains(refused.Message, "3 pending txs");
        Assert.AreEqual(RejectReason.MempoolFull, Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(Transfer(0, 3), local: true)).Reason);
        pool.Admit(Transfer(1, 0), local: true);
        Assert.AreEqual(4, pool.Count);
    }

    [TestMethod]
    public void Txs_stuck_behind_a_nonce_gap_expire_after_the_gap_timeout_and_runnable_ones_stay()
    {
        var clock = new ManualClock();
        var (chain, pool) = NewPool(clock: clock);
        using var _ = chain;
        pool.Admit(Transfer(0, 2)); // waits for nonces 0 and 1
        pool.Admit(Transfer(1, 0));
        pool.Admit(Transfer(1, 2)); // waits for nonce 1
        clock.Now += TimeSpan.FromSeconds(59);
        Assert.AreEqual(0, pool.ExpireBehindGaps());
        pool.Admit(Transfer(1, 1)); // fills sender 1's gap in time
        clock.Now += TimeSpan.FromSeconds(2);

        Assert.AreEqual(1, pool.ExpireBehindGaps());

        Assert.IsNull(pool.Get(TransactionCodec.HashOf(Transfer(0, 2))));
        CollectionAssert.AreEqual(new ulong[] { 0, 1, 2 }, pool.ReadyCandidates(10).Select(t => t.Body.Nonce).ToList());
        pool.Admit(Transfer(0, 2)); // its room is free again
    }

    [TestMethod]
    public void Nonce_gaps_are_held_up_to_the_limit_and_become_ready_when_filled()
    {
        var (chain, pool) = NewPool(maxGap: 2);
        using var _ = chain;
        pool.Admit(Transfer(0, 2)); // held: nonce 0 and 1 are missing
        Assert.AreEqual(RejectReason.NonceTooHigh, Refusal(pool, Transfer(0, 3)));
        Assert.AreEqual(0, pool.ReadyCandidates(10).Count);
        pool.Admit(Transfer(0, 0));
        pool.Admit(Transfer(0, 1));
        CollectionAssert.AreEqual(new ulong[] { 0, 1, 2 }, pool.ReadyCandidates(10).Select(t => t.Body.Nonce).ToList());
        Assert.AreEqual(3UL, pool.PendingNonce(Network.MemberKeys[0].Address, 0));
    }

    [TestMethod]
    public void Txs_behind_a_gap_may_take_only_a_quarter_of_the_pool_so_gap_fillers_always_fit()
    {
        var (chain, pool) = NewPool(maxTxs: 8, maxGap: 8);
        using var _ = chain;
        pool.Admit(Transfer(0, 1), local: true);
        pool.Admit(Transfer(0, 2), local: true); // two of 8 slots wait behind sender 0's missing nonce 0
        var refused = Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(Transfer(1, 1), local: true));
        Assert.AreEqual(RejectReason.MempoolFull, refused.Reason);
        StringAssert.Contains(refused.Message, "send nonce 0 first");
        pool.Admit(Transfer(2, 1)); // gossip is exempt: a peer's batch may arrive out of order
        pool.Admit(Transfer(1, 0), local: true); // executable txs still get in
        pool.Admit(Transfer(0, 0), local: true); // fills the gap
        pool.Admit(Transfer(1, 1), local: true);
        Assert.AreEqual(5, pool.ReadyCandidates(10).Count);
    }

    [TestMethod]
    public void Pending_spending_counts_against_the_balance()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        pool.Admit(Transfer(0, 0, amount: TestNetwork.InitialBalance - 10));
        pool.Admit(Transfer(0, 1, amount: 10));
        Assert.AreEqual(RejectReason.InsufficientBalance, Refusal(pool, Transfer(0, 2, amount: 1)));
    }

    [TestMethod]
    public void Next_nonce_and_pending_spend_see_gaps_and_txs_committed_but_not_yet_removed()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        var sender = Network.MemberKeys[0].Address;
        const ulong half = TestNetwork.InitialBalance / 2;
        var first = Transfer(0, 0, amount: half);
        pool.Admit(first);
        pool.Admit(Transfer(0, 1));
        pool.Admit(Transfer(0, 3));
        Assert.AreEqual(2UL, pool.PendingNonce(sender, 0), "nonce 3 waits behind the gap at 2");
        pool.Admit(Transfer(0, 2));
        Assert.AreEqual(4UL, pool.PendingNonce(sender, 0));

        // Nonce 0 commits. Until the pool is told, it still holds it, but its spend has left the
        // balance and must not be counted twice: half the balance remains, 3 of it pending.
        var (block, changes) = new TestChainBuilder(Network, chain).Next([first]);
        chain.Commit(block, changes);
        Assert.AreEqual(4UL, pool.PendingNonce(sender, 1));
        pool.Admit(Transfer(0, 4, amount: half - 3));
        Assert.AreEqual(RejectReason.InsufficientBalance, Refusal(pool, Transfer(0, 5)));
    }

    [TestMethod]
    public void A_full_pool_refuses_by_count_and_by_bytes_and_keeps_what_it_has()
    {
        var (chain, pool) = NewPool(maxTxs: 4);
        using var _ = chain;
        for (ulong n = 0; n < 4; n++)
            pool.Admit(Transfer(1, n), local: true);
        var full = Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(Transfer(2, 0), local: true));
        Assert.AreEqual(RejectReason.MempoolFull, full.Reason);
        StringAssert.Contains(full.Message, "4 txs");
        Assert.AreEqual(4, pool.Count);
        // Gossip, admitted by its origin under the same limit, has room for every validator's share (four here).
        for (ulong n = 0; n < 4; n++)
        {
            foreach (var sender in new[] { 2, 3, 4 })
                pool.Admit(Transfer(sender, n));
        }
        Assert.AreEqual(RejectReason.MempoolFull, Refusal(pool, Transfer(5, 0)));
        Assert.AreEqual(16, pool.Count);

        var (chain2, small) = NewPool(maxBytes: 2 * Transfer(1, 0).CalculateSize() + 10);
        using var __ = chain2;
        small.Admit(Transfer(1, 0), local: true);
        small.Admit(Transfer(1, 1), local: true);
        Assert.AreEqual(RejectReason.MempoolFull, Assert.ThrowsExactly<TxRejectedException>(() => small.Admit(Transfer(2, 0), local: true)).Reason);
    }

    [TestMethod]
    public void Ready_txs_come_oldest_first_keeping_each_senders_nonce_order()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        pool.Admit(Transfer(0, 1)); // held until nonce 0 arrives last
        pool.Admit(Transfer(1, 0));
        pool.Admit(Transfer(2, 0));
        pool.Admit(Transfer(0, 0));
        var order = pool.ReadyCandidates(10).Select(t => (t.SenderAddress, t.Body.Nonce)).ToList();
        Assert.AreEqual(4, order.Count);
        Assert.AreEqual((Network.MemberKeys[1].Address, 0UL), order[0]);
        Assert.AreEqual((Network.MemberKeys[2].Address, 0UL), order[1]);
        Assert.IsTrue(order.IndexOf((Network.MemberKeys[0].Address, 0UL)) < order.IndexOf((Network.MemberKeys[0].Address, 1UL)));
    }

    [TestMethod]
    public void Lookup_finds_only_the_exact_signed_tx_that_was_checked()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        var tx = Transfer(0, 0);
        pool.Admit(tx);
        Assert.IsNotNull(pool.Lookup(tx));
        Assert.IsNull(pool.Lookup(new SignedTx { Body = tx.Body, Signature = ByteString.CopyFrom(new byte[64]) }));
    }

    [TestMethod]
    public void Committing_removes_the_committed_txs_and_those_whose_nonce_passed()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        var builder = new TestChainBuilder(Network, chain);
        var committed = Transfer(0, 0);
        pool.Admit(committed);
        pool.Admit(Transfer(0, 1));
        var (block, changes) = builder.Next([committed, Transfer(0, 1, amount: 5)]);
        chain.Commit(block, changes);
        var removed = pool.RemoveCommitted([TransactionCodec.HashOf(committed)], chain.State);
        Assert.AreEqual(1, removed.Count);
        Assert.AreEqual(0, pool.Count, "the pending nonce-1 tx lost to the one committed with that nonce");
        Assert.AreEqual(RejectReason.Duplicate, Refusal(pool, committed));
    }

    [TestMethod]
    public void A_nonce_the_account_has_passed_is_refused_as_too_low_and_a_committed_tx_as_a_duplicate()
    {
        var (chain, pool) = NewPool();
        using var _ = chain;
        var builder = new TestChainBuilder(Network, chain);
        var committed = Transfer(0, 0);
        var (block, changes) = builder.Next([committed]);
        chain.Commit(block, changes);
        Assert.AreEqual(RejectReason.Duplicate, Refusal(pool, committed));
        Assert.AreEqual(RejectReason.NonceTooLow, Refusal(pool, Transfer(0, 0, amount: 7)), "another tx at the used nonce is not a duplicate");
        var forged = new SignedTx { Body = Transfer(0, 1).Body, Signature = ByteString.CopyFrom(new byte[64]) };
        Assert.AreEqual(RejectReason.BadSignature, Refusal(pool, forged), "a usable nonce still needs a valid signature");
        Assert.AreEqual(0, pool.Count);
    }
}
