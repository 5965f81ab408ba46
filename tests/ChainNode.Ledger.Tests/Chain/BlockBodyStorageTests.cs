using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Storage;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Ledger.Tests.Chain;

/// <summary>
/// A block's body is stored once: consensus stores a prepared body above the head, and the commit
/// adds the certificate.
/// </summary>
[TestClass]
public sealed class BlockBodyStorageTests
{
    private static readonly TestNetwork Network = new();

    [TestMethod]
    public void A_prepared_body_above_the_head_survives_a_reopen_and_its_commit_writes_only_the_certificate()
    {
        var store = new KeyRecordingStore();
        using var chain = ChainStore.Open(store, Network.Genesis, initializeIfEmpty: true);
        var builder = new TestChainBuilder(Network, chain);
        var (block, changes) = builder.Next(builder.Txs.Transfers(5));
        var decoded = DecodedBlock.From(block.Block);
        StoreCandidate(store, chain, decoded);

        var reopened = ChainStore.Open(store, Network.Genesis, initializeIfEmpty: false);
        Assert.AreEqual(0UL, reopened.Height, "a candidate body is not a committed block");
        Assert.IsNull(reopened.GetBlock(1));
        Assert.AreEqual(decoded.Hash, DecodedBlock.From(reopened.Bodies.Read(1)!).Hash);

        store.Written.Clear();
        chain.Commit(block, changes);
        CollectionAssert.Contains(store.Written, Convert.ToHexString(StoreKeys.Certificate(1)));
        CollectionAssert.DoesNotContain(store.Written, Convert.ToHexString(StoreKeys.Body(1)), "the body was stored when it was prepared");
        Assert.AreEqual(decoded.Hash, ChainStore.Open(store, Network.Genesis, false).GetBlock(1)!.Hash);
    }

    [TestMethod]
    public void A_different_block_committed_at_a_candidates_height_replaces_it_and_a_committed_body_is_never_replaced()
    {
        var store = new MemoryKeyValueStore();
        using var chain = ChainStore.Open(store, Network.Genesis, initializeIfEmpty: true);
        var builder = new TestChainBuilder(Network, chain);
        var (candidate, _) = builder.Next(builder.Txs.Transfers(3));
        var (committed, changes) = builder.Next(builder.Txs.Transfers(4));
        StoreCandidate(store, chain, DecodedBlock.From(candidate.Block));

        chain.Commit(committed, changes);
        var committedHash = DecodedBlock.From(committed.Block).Hash;
        Assert.AreEqual(committedHash, chain.GetBlock(1)!.Hash);
        Assert.AreEqual(committedHash, DecodedBlock.From(chain.Bodies.Read(1)!).Hash);

        StoreCandidate(store, chain, DecodedBlock.From(candidate.Block));
        Assert.AreEqual(committedHash, DecodedBlock.From(chain.Bodies.Read(1)!).Hash, "a late candidate at a committed height is not stored");
    }

    [TestMethod]
    public void A_certificate_beyond_the_head_is_reported_on_open()
    {
        var store = new MemoryKeyValueStore();
        var chain = ChainStore.Open(store, Network.Genesis, initializeIfEmpty: true);
        new TestChainBuilder(Network, chain).Extend(blocks: 2, txsPerBlock: 1);
        using (var batch = store.CreateBatch())
        {
            batch.Put(StoreKeys.Certificate(3), new CommitCertificate().ToByteArray());
            store.Write(batch, sync: true);
        }
        StringAssert.Contains(Assert.ThrowsExactly<LedgerCorruptException>(() => ChainStore.Open(store, Network.Genesis, false)).Message,
            "Block 3 is stored beyond the head at 2");
    }

    // As the consensus records store a prepared body: in a batch of their own, then told it is durable.
    private static void StoreCandidate(IKeyValueStore store, ChainStore chain, DecodedBlock body)
    {
        using var batch = store.CreateBatch();
        var added = chain.Bodies.AddCandidates(batch, [body], chain.Height);
        store.Write(batch, sync: true);
        chain.Bodies.CandidatesWritten(added);
    }

    /// <summary>An in-memory store that remembers the keys its batches wrote (hex), to see what a commit writes.</summary>
    private sealed class KeyRecordingStore : IKeyValueStore
    {
        private readonly MemoryKeyValueStore _inner = new();

        public List<string> Written { get; } = [];

        public byte[]? Get(ReadOnlySpan<byte> key) => _inner.Get(key);

        public bool Contains(ReadOnlySpan<byte> key) => _inner.Contains(key);

        public IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix) => _inner.ScanPrefix(prefix);

        public IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix, byte[] startAt) => _inner.ScanPrefix(prefix, startAt);

        public IWriteBatch CreateBatch() => new RecordingBatch(_inner.CreateBatch());

        public IWriteBatch Join(IWriteBatch batch) => batch;

        public void Write(IWriteBatch batch, bool sync)
        {
            var recording = (RecordingBatch)batch;
            Written.AddRange(recording.Keys);
            _inner.Write(recording.Inner, sync);
        }

        public void Dispose() => _inner.Dispose();

        private sealed class RecordingBatch(IWriteBatch inner) : IWriteBatch
        {
            public IWriteBatch Inner => inner;

            public List<string> Keys { get; } = [];

            public int Count => inner.Count;

            public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
            {
                Keys.Add(Convert.ToHexString(key));
                inner.Put(key, value);
            }

            public void Delete(ReadOnlySpan<byte> key)
            {
                Keys.Add(Convert.ToHexString(key));
                inner.Delete(key);
            }

            public void Clear()
            {
                Keys.Clear();
                inner.Clear();
            }

            public void Dispose() => inner.Dispose();
        }
    }
}
