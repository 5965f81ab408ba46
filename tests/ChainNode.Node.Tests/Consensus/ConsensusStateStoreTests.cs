using ChainNode.Consensus.Hosting;
using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Database;
using ChainNode.Node.Consensus;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Node.Tests.Consensus;

[TestClass]
public sealed class ConsensusStateStoreTests
{
    private static readonly TestNetwork Network = new();

    private static Vote Vote(ulong height, ulong view) =>
        new() { Height = height, View = view, Kind = MessageKind.Prepare, BlockHash = ByteString.CopyFrom(new byte[32]) };

    [TestMethod]
    public void A_store_that_never_persisted_restores_nothing()
    {
        using var db = LedgerDatabase.Open(new MemoryKeyValueStore());
        using var chain = ChainStore.Open(db.Chain, Network.Genesis, initializeIfEmpty: true);
        Assert.IsNull(new ConsensusStateStore(new ChainRecordStore(db.Consensus, chain)).Load(1));
    }

    [TestMethod]
    public void Our_view_changes_are_written_once_and_later_writes_do_not_carry_them()
    {
        using var db = LedgerDatabase.Open(new MemoryKeyValueStore());
        using var chain = ChainStore.Open(db.Chain, Network.Genesis, initializeIfEmpty: true);
        var store = new ConsensusStateStore(new ChainRecordStore(db.Consensus, chain));
        // A VIEW-CHANGE carries every prepared block above the stable checkpoint: megabytes under load.
        SignedMessage ViewChangeTo(ulong view) => new()
        {
            Kind = MessageKind.ViewChange,
            Payload = new ViewChange { NewView = view, Prepared = { new PreparedCertificate { Height = view, Block = new Ledger.Protos.Block { Header = ByteString.CopyFrom(new byte[1 << 20]) } } } }.ToByteString(),
        };
        for (ulong view = 1; view <= 6; view++)
            store.Apply(new PersistentChanges { Epoch = 1, View = view, ViewActive = false, OwnViewChange = ViewChangeTo(view) });
        store.Apply(new PersistentChanges { Epoch = 1, View = 6, ViewActive = true, Votes = { Vote(1, 6) } });

        var meta = db.Consensus.ScanPrefix([]).Single(kv => kv.Key[0] == (byte)'m').Value;
        Assert.IsLessThan(1024, meta.Length, $"the record rewritten by every consensus write is {meta.Length:N0} bytes");
        var restored = new ConsensusStateStore(new ChainRecordStore(db.Consensus, chain)).Load(1)!;
        CollectionAssert.AreEqual(new ulong[] { 3, 4, 5, 6 }, restored.OwnViewChanges.Select(m => ViewChange.Parser.ParseFrom(m.Payload).NewView).ToList(),
            "the latest four are kept, oldest first");
    }

    [TestMethod]
    public void Votes_certificates_and_view_survive_a_reload_and_pruning_deletes_old_heights()
    {
        using var db = LedgerDatabase.Open(new MemoryKeyValueStore());
        using var chain = ChainStore.Open(db.Chain, Network.Genesis, initializeIfEmpty: true);
        var store = new ConsensusStateStore(new ChainRecordStore(db.Consensus, chain));
        var first = new PersistentChanges { Epoch = 1, View = 0, ViewActive = true };
        first.Votes.Add(Vote(1, 0));
        first.Votes.Add(Vote(2, 0));
        first.Prepared.Add(new PreparedCertificate { Height = 1, View = 0 });
        store.Apply(first);
        var second = new PersistentChanges { Epoch = 1, View = 3, ViewActive = false, PruneAtOrBelow = 1 };
        second.Votes.Add(Vote(3, 3));
        second.Prepared.Add(new PreparedCertificate { Height = 3, View = 3 });
        store.Apply(second);

        var restored = new ConsensusStateStore(new ChainRecordStore(db.Consensus, chain)).Load(1)!;
        Assert.AreEqual(3UL, restored.View);
        Assert.IsFalse(restored.ViewActive);
        CollectionAssert.AreEquivalent(new ulong[] { 2, 3 }, restored.Votes.Select(v => v.Height).ToList());
        CollectionAssert.AreEqual(new ulong[] { 3 }, restored.Prepared.Select(p => p.Height).ToList());
    }

    [TestMethod]
    public void A_prepared_block_is_stored_once_in_the_ledger_and_put_back_into_its_certificate_on_reload()
    {
        using var db = LedgerDatabase.Open(new MemoryKeyValueStore());
        using var chain = ChainStore.Open(db.Chain, Network.Genesis, initializeIfEmpty: true);
        var builder = new TestChainBuilder(Network, chain);
        var (block, changes) = builder.Next(builder.Txs.Transfers(4));
        PersistPrepared(db, chain, new PreparedCertificate { Height = 1, View = 0, Block = block.Block, Prepares = { new SignedMessage { Sender = 2 } } });

        var record = db.Consensus.ScanPrefix([]).Single(kv => kv.Key[0] == (byte)'q').Value;
        Assert.IsTrue(record.Length < block.Block.CalculateSize(), "the certificate record does not carry the block");
        var restored = new ConsensusStateStore(new ChainRecordStore(db.Consensus, chain)).Load(1)!.Prepared.Single();
        Assert.AreEqual(block.Block, restored.Block);
        Assert.AreEqual(2U, restored.Prepares.Single().Sender);

        chain.Commit(block, changes);
        Assert.AreEqual(block.Block, new ConsensusStateStore(new ChainRecordStore(db.Consensus, chain)).Load(1)!.Prepared.Single().Block, "the committed body serves too");
    }

    [TestMethod]
    public void A_certificate_whose_height_committed_another_block_is_dropped_on_reload()
    {
        using var db = LedgerDatabase.Open(new MemoryKeyValueStore());
        using var chain = ChainStore.Open(db.Chain, Network.Genesis, initializeIfEmpty: true);
        var builder = new TestChainBuilder(Network, chain);
        var (loser, _) = builder.Next(builder.Txs.Transfers(2));
        var (winner, changes) = builder.Next(builder.Txs.Transfers(3));
        PersistPrepared(db, chain, new PreparedCertificate { Height = 1, View = 0, Block = loser.Block });
        chain.Commit(winner, changes);

        Assert.AreEqual(0, new ConsensusStateStore(new ChainRecordStore(db.Consensus, chain)).Load(1)!.Prepared.Count);
    }

    [TestMethod]
    public void A_certificate_above_the_head_whose_body_is_missing_is_reported_as_corruption()
    {
        using var db = LedgerDatabase.Open(new MemoryKeyValueStore());
        using var chain = ChainStore.Open(db.Chain, Network.Genesis, initializeIfEmpty: true);
        var builder = new TestChainBuilder(Network, chain);
        var (block, _) = builder.Next(builder.Txs.Transfers(2));
        PersistPrepared(db, chain, new PreparedCertificate { Height = 1, View = 0, Block = block.Block });
        using (var batch = db.Chain.CreateBatch())
        {
            batch.Delete(StoreKeys.Body(1));
            db.Chain.Write(batch, sync: true);
        }

        var error = Assert.ThrowsExactly<ConsensusStateCorruptException>(() => new ConsensusStateStore(new ChainRecordStore(db.Consensus, chain)).Load(1));
        StringAssert.Contains(error.Message, "whose body is not stored");
    }

    // One Ready that persists a single prepared certificate, as the replica hands it over.
    private static void PersistPrepared(LedgerDatabase db, ChainStore chain, PreparedCertificate certificate) =>
        new ConsensusStateStore(new ChainRecordStore(db.Consensus, chain)).Apply(new PersistentChanges { Epoch = 1, View = 0, ViewActive = true, Prepared = { certificate } });
}
