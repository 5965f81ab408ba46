using System.Text;
using ChainNode.Storage;

namespace ChainNode.Ledger.Tests.Storage;

/// <summary>Behaviour every <see cref="IKeyValueStore"/> must have; run against each engine.</summary>
public abstract class KeyValueStoreContract
{
    protected abstract IKeyValueStore CreateStore();

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static void Put(IKeyValueStore store, params (string Key, string Value)[] entries)
    {
        using var batch = store.CreateBatch();
        foreach (var (k, v) in entries)
            batch.Put(B(k), B(v));
        store.Write(batch, sync: false);
    }

    [TestMethod]
    public void A_missing_key_reads_as_null()
    {
        using var store = CreateStore();
        Assert.IsNull(store.Get(B("absent")));
        Assert.IsFalse(store.Contains(B("absent")));
    }

    [TestMethod]
    public void A_batch_applies_puts_and_deletes_in_order()
    {
        using var store = CreateStore();
        Put(store, ("a", "1"), ("b", "2"));
        using (var batch = store.CreateBatch())
        {
            batch.Put(B("a"), B("changed"));
            batch.Delete(B("b"));
            batch.Put(B("c"), B("3"));
            batch.Delete(B("c"));
            Assert.AreEqual(4, batch.Count);
            store.Write(batch, sync: true);
        }
        CollectionAssert.AreEqual(B("changed"), store.Get(B("a")));
        Assert.IsNull(store.Get(B("b")));
        Assert.IsNull(store.Get(B("c")));
    }

    [TestMethod]
    public void An_unwritten_or_cleared_batch_changes_nothing()
    {
        using var store = CreateStore();
        using (var batch = store.CreateBatch())
            batch.Put(B("x"), B("1"));
        Assert.IsNull(store.Get(B("x")));

        using var cleared = store.CreateBatch();
        cleared.Put(B("y"), B("1"));
        cleared.Clear();
        Assert.AreEqual(0, cleared.Count);
        store.Write(cleared, sync: false);
        Assert.IsNull(store.Get(B("y")));
    }

    [TestMethod]
    public void Binary_keys_and_values_keep_every_byte()
    {
        using var store = CreateStore();
        var key = new byte[] { 0, 1, 0, 255 };
        var value = new byte[70_000];
        new Random(7).NextBytes(value);
        using (var batch = store.CreateBatch())
        {
            batch.Put(key, value);
            batch.Put([], B("empty key"));
            store.Write(batch, sync: false);
        }
        CollectionAssert.AreEqual(value, store.Get(key));
        CollectionAssert.AreEqual(B("empty key"), store.Get([]));
    }

    [TestMethod]
    public void Prefix_scan_returns_only_the_prefix_in_byte_order()
    {
        using var store = CreateStore();
        Put(store, ("b/2", "two"), ("a/9", "x"), ("b/10", "ten"), ("b/1", "one"), ("c/1", "y"), ("b", "bare"));
        var scanned = store.ScanPrefix(B("b/")).Select(e => Encoding.UTF8.GetString(e.Key) + "=" + Encoding.UTF8.GetString(e.Value)).ToList();
        CollectionAssert.AreEqual(new[] { "b/1=one", "b/10=ten", "b/2=two" }, scanned);
        Assert.AreEqual(6, store.ScanPrefix([]).Count());
        Assert.IsFalse(store.ScanPrefix(B("z")).Any());
    }

    [TestMethod]
    public void A_scan_sees_the_store_as_it_was_when_it_started()
    {
        using var store = CreateStore();
        Put(store, ("p/1", "a"), ("p/2", "b"));
        using var enumerator = store.ScanPrefix(B("p/")).GetEnumerator();
        Assert.IsTrue(enumerator.MoveNext());
        Put(store, ("p/3", "c"));
        var rest = 0;
        while (enumerator.MoveNext())
            rest++;
        Assert.AreEqual(1, rest, "the write during the scan is not visible to it");
    }

    [TestMethod]
    public void A_batch_from_another_store_is_refused()
    {
        using var store = CreateStore();
        using var other = new ChainNode.Storage.Memory.MemoryKeyValueStore();
        using var foreign = other.CreateBatch();
        using var unknown = new ForeignBatch();
        Assert.ThrowsExactly<ArgumentException>(() => store.Write(foreign, sync: false));
        Assert.ThrowsExactly<ArgumentException>(() => store.Write(unknown, sync: false));
        Assert.ThrowsExactly<ArgumentException>(() => store.Join(foreign), "another store's batch cannot be joined either");
    }

    private sealed class ForeignBatch : IWriteBatch
    {
        public int Count => 0;

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
        }

        public void Delete(ReadOnlySpan<byte> key)
        {
        }

        public void Clear()
        {
        }

        public void Dispose()
        {
        }
    }
}
