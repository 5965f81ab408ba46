using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Transactions;
using ChainNode.Storage.Memory;
using ChainNode.Testing;

namespace ChainNode.Ledger.Tests.Chain;

/// <summary>The committed-state cache must never serve a value older than the head.</summary>
[TestClass]
public sealed class StateReaderCacheTests
{
    private static readonly TestNetwork Network = new();

    [TestMethod]
    public void Reads_after_a_commit_see_the_committed_values_not_the_cached_ones()
    {
        using var chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        var builder = new TestChainBuilder(Network, chain);
        var txs = builder.Txs.Transfers(4);
        var sender = TransactionCodec.Verify(txs[0], Network.Genesis.ChainId).SenderAddress;
        var before = chain.State.GetAccount(sender)!; // now cached

        var (block, changes) = builder.Next(txs);
        chain.Commit(block, changes);

        var after = chain.State.GetAccount(sender)!;
        Assert.AreNotEqual(before.Nonce, after.Nonce);
        Assert.AreEqual(before.Nonce + 1, after.Nonce);
    }

    [TestMethod]
    public void A_full_cache_starts_over_and_still_reads_correctly()
    {
        var store = new MemoryKeyValueStore();
        using var chain = ChainStore.Open(store, Network.Genesis, initializeIfEmpty: true);
        var reader = new StateReader(store, capacity: 2);
        for (var round = 0; round < 2; round++)
        {
            foreach (var key in Network.MemberKeys)
                Assert.IsTrue(reader.IsMember(key.Address), $"round {round}");
        }
    }
}
