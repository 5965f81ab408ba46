using ChainNode.Contracts.Host;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Node.Consensus;
using ChainNode.Node.Mempool;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Node.Tests.Mempool;

/// <summary>A validator checks each signed tx once, whichever way it comes first: its gossip, a client, a retry or the proposal that carries it.</summary>
[TestClass]
public sealed class SignatureCheckedOnceTests
{
    private static readonly TestNetwork Network = new();

    private static (ChainStore Chain, TxPool Pool, ChainExecution Execution) NewNode(int maxPerSender = 100)
    {
        var chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        var pool = new TxPool(Network.Genesis.ChainId, new TxPoolLimits(100, 1 << 20, 4, maxPerSender, GapTimeout: TimeSpan.FromSeconds(60)), () => chain.State,
            hash => chain.GetTxLocation(hash)?.Height, contractsEnabled: false, TimeProvider.System);
        var execution = new ChainExecution(chain, new BlockExecutor(Network.Genesis.ChainId, new TransactionExecutor(new ContractRuntime())), pool);
        return (chain, pool, execution);
    }

    private static SignedTx Transfer(ulong nonce, PrivateKey? key = null)
    {
        key ??= Network.MemberKeys[0];
        return TransactionCodec.Sign(new TxBody
        {
            ChainId = Network.Genesis.ChainId,
            SenderPublicKey = key.PublicKey.ToByteString(),
            Nonce = nonce,
            GasLimit = 21_000,
            Transfer = new Transfer { To = Network.MemberKeys[1].Address.ToByteString(), Amount = 1 },
        }, key);
    }

    // A replica executing the primary's proposal of these txs (uncommitted).
    private static void ExecuteProposal(ChainStore chain, ChainExecution execution, params SignedTx[] txs)
    {
        var (block, _) = new ExecutingChainBuilder(chain, Network.ValidatorKeys).Build(txs);
        execution.Execute(block, out var problem);
        Assert.IsNull(problem);
    }

    [TestMethod]
    public void Gossip_arriving_after_the_proposal_that_carried_the_tx_is_admitted_without_a_second_check()
    {
        var (chain, pool, execution) = NewNode();
        using var _ = chain;
        var tx = Transfer(0);

        ExecuteProposal(chain, execution, tx);
        pool.Admit(tx); // its gossip, before the block commits

        Assert.AreEqual(1, pool.SignatureChecks, "checked once, while executing the proposal; not again at admission");
        Assert.IsNotNull(pool.Lookup(tx));
    }

    [TestMethod]
    public void A_tx_refused_as_full_after_its_check_is_not_checked_again_when_a_proposal_or_a_retry_brings_it()
    {
        var (chain, pool, execution) = NewNode(maxPerSender: 1);
        using var _ = chain;
        var (first, second) = (Transfer(0), Transfer(1));
        pool.Admit(first);
        var refused = Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(second));
        Assert.AreEqual(RejectReason.MempoolFull, refused.Reason);

        ExecuteProposal(chain, execution, first, second);
        pool.Remove(TransactionCodec.HashOf(first));
        pool.Admit(second); // the client's retry, the sender's queue having room again

        Assert.AreEqual(2, pool.SignatureChecks, "each tx checked once at admission: the proposal and the retry found the check done");
    }

    [TestMethod]
    public void A_remembered_tx_with_another_signature_is_still_checked_and_refused()
    {
        var (chain, pool, execution) = NewNode();
        using var _ = chain;
        var tx = Transfer(0);
        ExecuteProposal(chain, execution, tx);
        var forged = new SignedTx { Body = tx.Body, Signature = ByteString.CopyFrom(new byte[64]) };

        var refused = Assert.ThrowsExactly<TxRejectedException>(() => pool.Admit(forged));
        Assert.AreEqual(RejectReason.BadSignature, refused.Reason);
        Assert.ThrowsExactly<InvalidTransactionException>(() => pool.CheckForExecution(forged, TransactionCodec.HashOf(forged)),
            "a proposal carrying the forged copy is refused too: the memo answers only for the exact signed tx it checked");
        Assert.AreEqual(3, pool.SignatureChecks, "the original once, each forged copy on its own");
    }

    [TestMethod]
    public void The_memo_forgets_its_oldest_checks_first_when_full_by_count_or_by_bytes()
    {
        var txs = Enumerable.Range(0, 4).Select(n => Transfer((ulong)n)).Select(tx => TransactionCodec.Parse(tx, Network.Genesis.ChainId, TransactionCodec.HashOf(tx))).ToList();
        var size = txs[0].Tx.CalculateSize();
        var byCount = new SignatureCheckMemo(maxTxs: 3, maxBytes: 1 << 20);
        var byBytes = new SignatureCheckMemo(maxTxs: 100, maxBytes: 3L * size + size / 2);

        foreach (var memo in new[] { byCount, byBytes })
        {
            foreach (var tx in txs)
                memo.Check(tx);
            memo.Check(txs[3]);
            memo.Check(txs[0]);

            Assert.AreEqual(3, memo.Count);
            Assert.AreEqual(5, memo.Checks, "four checks, the newest remembered, the oldest forgotten and checked again");
        }
    }

    [TestMethod]
    public void Concurrent_arrivals_of_one_signed_tx_share_a_single_check()
    {
        var tx = Transfer(0);
        var memo = new SignatureCheckMemo(maxTxs: 10, maxBytes: 1 << 20);
        var results = new VerifiedTransaction[16];

        Parallel.For(0, results.Length, i => results[i] = memo.Check(TransactionCodec.Parse(tx, Network.Genesis.ChainId, TransactionCodec.HashOf(tx))));

        Assert.AreEqual(1, memo.Checks);
        Assert.IsTrue(results.All(r => ReferenceEquals(r, results[0])));
    }
}
