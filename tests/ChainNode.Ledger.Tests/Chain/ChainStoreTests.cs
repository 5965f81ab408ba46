using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Ledger.Tests.Chain;

[TestClass]
public sealed class ChainStoreTests
{
    private static readonly TestNetwork Network = new();

    private static ChainStore NewChain() => ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);

    [TestMethod]
    public void A_new_ledger_starts_at_the_genesis_block_with_funded_members()
    {
        using var chain = NewChain();
        Assert.AreEqual(0UL, chain.Height);
        Assert.AreEqual(TestNetwork.InitialBalance, chain.State.GetAccount(Network.MemberKeys[3].Address)!.Balance);
        Assert.IsNotNull(chain.State.Get(StateKeys.Epochs), "the validator set and parameters, as the first epoch");
    }

    [TestMethod]
    public void Committing_appends_the_block_its_state_and_head_and_each_tx_is_found_by_its_receipt()
    {
        using var chain = NewChain();
        var builder = new TestChainBuilder(Network, chain);
        var txs = builder.Txs.Transfers(10);
        var (block, changes) = builder.Next(txs);
        chain.Commit(block, changes);

        Assert.AreEqual(1UL, chain.Height);
        Assert.AreEqual(chain.HeadBlock.Hash, new Hash32(chain.Head.BlockHash.Span));
        Assert.AreEqual(1UL, chain.GetHeight(chain.HeadBlock.Hash));
        var location = chain.GetTxLocation(TransactionCodec.HashOf(txs[7]))!;
        Assert.AreEqual(1UL, location.Height);
        Assert.AreEqual(7U, location.Index);
        var sender = chain.State.GetAccount(Network.MemberKeys[0].Address)!;
        Assert.AreEqual(TestNetwork.InitialBalance - 2 + 1, sender.Balance, "sent txs 0 and 8, received tx 7");
        Assert.AreEqual(2UL, sender.Nonce);
        Assert.IsNull(chain.GetBlock(2));
    }

    [TestMethod]
    public void Recent_blocks_are_read_back_once_and_shared_and_none_is_given_above_the_head()
    {
        using var chain = NewChain();
        var builder = new TestChainBuilder(Network, chain);
        for (var i = 0; i < 20; i++)
        {
            var (block, changes) = builder.Next(builder.Txs.Transfers(2));
            chain.Commit(block, changes);
        }
        var first = chain.GetFinalizedBlock(20);
        Assert.IsNotNull(first);
        Assert.AreSame(first, chain.GetFinalizedBlock(20), "a recent block is decoded once");
        Assert.AreEqual(20UL, DecodedBlock.From(first.Block).Height);
        for (ulong height = 0; height <= 20; height++)
            Assert.AreEqual(height, DecodedBlock.From(chain.GetFinalizedBlock(height)!.Block).Height, $"height {height} after others filled the cache");
        Assert.IsNull(chain.GetFinalizedBlock(21));
    }

    [TestMethod]
    public void A_block_that_does_not_link_to_the_head_is_rejected_and_nothing_is_written()
    {
        using var chain = NewChain();
        var builder = new TestChainBuilder(Network, chain);
        var (block, changes) = builder.Next(builder.Txs.Transfers(3));

        var header = BlockHeader.Parser.ParseFrom(block.Block.Header);
        header.PreviousHash = ByteString.CopyFrom(new byte[32]);
        var relinked = Reheader(block, header);
        var error = Assert.ThrowsExactly<BlockRejectedException>(() => chain.Commit(relinked, changes));
        StringAssert.Contains(error.Message, "previous hash");
        Assert.AreEqual(0UL, chain.Height);
        Assert.IsNull(chain.GetTxLocation(TransactionCodec.HashOf(block.Block.Transactions[0])));
    }

    [TestMethod]
    public void A_block_without_a_quorum_certificate_is_rejected()
    {
        using var chain = NewChain();
        var builder = new TestChainBuilder(Network, chain);
        var (block, changes) = builder.Next(builder.Txs.Transfers(3), signers: 2);
        var error = Assert.ThrowsExactly<BlockRejectedException>(() => chain.Commit(block, changes));
        StringAssert.Contains(error.Message, "only 2 validator signatures; a quorum of 3 of 4");
    }

    [TestMethod]
    public void A_certificate_with_a_forged_repeated_or_relabelled_signature_is_rejected()
    {
        using var chain = NewChain();
        var builder = new TestChainBuilder(Network, chain);
        var (block, changes) = builder.Next(builder.Txs.Transfers(1));

        var repeated = block.Clone();
        repeated.Certificate.Signatures[1] = repeated.Certificate.Signatures[0].Clone();
        StringAssert.Contains(Assert.ThrowsExactly<BlockRejectedException>(() => chain.Commit(repeated, changes)).Message, "signed twice");

        var forged = block.Clone();
        forged.Certificate.Signatures[2].ValidatorIndex = 3;
        StringAssert.Contains(Assert.ThrowsExactly<BlockRejectedException>(() => chain.Commit(forged, changes)).Message, "validator 3");

        var otherView = block.Clone();
        otherView.Certificate.View = 5;
        StringAssert.Contains(Assert.ThrowsExactly<BlockRejectedException>(() => chain.Commit(otherView, changes)).Message, "does not verify");

        chain.Commit(block, changes);
        Assert.AreEqual(1UL, chain.Height);
    }

    [TestMethod]
    public void State_changes_that_do_not_match_the_state_root_are_rejected()
    {
        using var chain = NewChain();
        var builder = new TestChainBuilder(Network, chain);
        var (block, changes) = builder.Next(builder.Txs.Transfers(2));
        changes.Set(StateKeys.Account(Network.MemberKeys[5].Address), new Account { Balance = 1 }.ToByteArray());
        StringAssert.Contains(Assert.ThrowsExactly<BlockRejectedException>(() => chain.Commit(block, changes)).Message, "state root");
    }

    [TestMethod]
    public void A_transaction_already_in_the_chain_or_twice_in_a_block_is_rejected()
    {
        using var chain = NewChain();
        var builder = new TestChainBuilder(Network, chain);
        var tx = builder.Txs.Transfer(0, 1, 1);
        StringAssert.Contains(Assert.ThrowsExactly<BlockRejectedException>(() => chain.Commit(builder.Next([tx, tx]).Block, builder.Next([tx, tx]).Changes)).Message, "appears twice");
        var (block, changes) = builder.Next([tx]);
        chain.Commit(block, changes);
        var (replay, replayChanges) = builder.Next([tx]);
        StringAssert.Contains(Assert.ThrowsExactly<BlockRejectedException>(() => chain.Commit(replay, replayChanges)).Message, "already in block 1");
    }

    [TestMethod]
    public void Timestamps_must_increase()
    {
        using var chain = NewChain();
        var builder = new TestChainBuilder(Network, chain);
        var (block, changes) = builder.Next([]);
        var header = BlockHeader.Parser.ParseFrom(block.Block.Header);
        header.TimestampMs = chain.HeadBlock.Header.TimestampMs;
        StringAssert.Contains(Assert.ThrowsExactly<BlockRejectedException>(() => chain.Commit(Reheader(block, header), changes)).Message, "timestamp");
    }

    [TestMethod]
    public void A_ledger_for_another_genesis_is_refused()
    {
        var store = new MemoryKeyValueStore();
        ChainStore.Open(store, Network.Genesis, initializeIfEmpty: true);
        var other = new TestNetwork(validators: 4, members: 3);
        var error = Assert.ThrowsExactly<LedgerCorruptException>(() => ChainStore.Open(store, other.Genesis, initializeIfEmpty: true));
        StringAssert.Contains(error.Message, "different chain");
    }

    [TestMethod]
    public void Data_without_a_ledger_schema_is_not_silently_initialized()
    {
        var store = new MemoryKeyValueStore();
        using (var batch = store.CreateBatch())
        {
            batch.Put("stray"u8, "data"u8);
            store.Write(batch, sync: true);
        }
        StringAssert.Contains(Assert.ThrowsExactly<LedgerCorruptException>(() => ChainStore.Open(store, Network.Genesis, initializeIfEmpty: true)).Message, "half-written");
        Assert.ThrowsExactly<LedgerCorruptException>(() => ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: false));
    }

    [TestMethod]
    public void A_missing_or_mismatched_head_is_reported_on_open()
    {
        var store = new MemoryKeyValueStore();
        var chain = ChainStore.Open(store, Network.Genesis, initializeIfEmpty: true);
        new TestChainBuilder(Network, chain).Extend(blocks: 3, txsPerBlock: 2);

        using (var batch = store.CreateBatch())
        {
            batch.Delete(StoreKeys.Certificate(3));
            store.Write(batch, sync: true);
        }
        StringAssert.Contains(Assert.ThrowsExactly<LedgerCorruptException>(() => ChainStore.Open(store, Network.Genesis, false)).Message, "block 3 is missing");

        using (var batch = store.CreateBatch())
        {
            batch.Delete(StoreKeys.Head);
            store.Write(batch, sync: true);
        }
        StringAssert.Contains(Assert.ThrowsExactly<LedgerCorruptException>(() => ChainStore.Open(store, Network.Genesis, false)).Message, "no head record");
    }

    private static FinalizedBlock Reheader(FinalizedBlock block, BlockHeader header)
    {
        var copy = block.Clone();
        copy.Block.Header = header.ToByteString();
        return copy;
    }
}
