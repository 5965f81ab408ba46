using ChainNode.Storage;
using ChainNode.Storage.Memory;

namespace ChainNode.Ledger.Tests.Storage;

/// <summary>A key space is a whole store to its consumer, and invisible to the other key spaces of the same store.</summary>
[TestClass]
public sealed class KeySpaceTests : KeyValueStoreContract
{
    protected override IKeyValueStore CreateStore() => new KeySpace(new MemoryKeyValueStore(), "k"u8);

    [TestMethod]
    public void Two_key_spaces_of_one_store_never_see_each_others_keys()
    {
        using var root = new MemoryKeyValueStore();
        var chain = new KeySpace(root, "c"u8);
        var explorer = new KeySpace(root, "e"u8);
        Put(chain, "mhead"u8, [1]);
        Put(explorer, "mhead"u8, [2]);

        CollectionAssert.AreEqual(new byte[] { 1 }, chain.Get("mhead"u8));
        CollectionAssert.AreEqual(new byte[] { 2 }, explorer.Get("mhead"u8));
        Assert.AreEqual(1, chain.ScanPrefix([]).Count(), "a scan of everything stays inside the space");
        CollectionAssert.AreEqual("mhead"u8.ToArray(), chain.ScanPrefix([]).Single().Key, "keys come back without the space's prefix");
        CollectionAssert.AreEqual(new[] { "cmhead", "emhead" }, root.ScanPrefix([]).Select(kv => System.Text.Encoding.ASCII.GetString(kv.Key)).ToArray());
    }

    [TestMethod]
    public void Writes_of_two_key_spaces_joined_in_one_batch_land_together()
    {
        using var root = new MemoryKeyValueStore();
        var chain = new KeySpace(root, "c"u8);
        var explorer = new KeySpace(root, "e"u8);
        using var batch = chain.CreateBatch();
        batch.Put("block"u8, [1]);
        explorer.Join(batch).Put("history"u8, [2]);
        Assert.IsNull(explorer.Get("history"u8), "nothing lands before the write");

        chain.Write(batch, sync: true);
        CollectionAssert.AreEqual(new byte[] { 1 }, chain.Get("block"u8));
        CollectionAssert.AreEqual(new byte[] { 2 }, explorer.Get("history"u8));
        Assert.IsNull(chain.Get("history"u8));
    }

    [TestMethod]
    public void A_batch_of_another_root_store_cannot_be_joined()
    {
        using var root = new MemoryKeyValueStore();
        using var otherRoot = new MemoryKeyValueStore();
        using var foreign = new KeySpace(otherRoot, "c"u8).CreateBatch();
        Assert.ThrowsExactly<ArgumentException>(() => new KeySpace(root, "e"u8).Join(foreign));
    }

    private static void Put(KeySpace store, ReadOnlySpan<byte> key, byte[] value)
    {
        using var batch = store.CreateBatch();
        batch.Put(key, value);
        store.Write(batch, sync: true);
    }
}
