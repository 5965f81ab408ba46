using ChainNode.Native;
using ChainNode.Storage;
using ChainNode.Storage.LevelDb;
using ChainNode.Testing;

namespace ChainNode.Ledger.Tests.Storage;

[TestClass]
public sealed class LevelDbStoreTests : KeyValueStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new("leveldb-test");
    private int _opened;

    protected override IKeyValueStore CreateStore() => LevelDbStore.Open(_dir.Combine($"db{_opened++}"), createIfMissing: true);

    public void Dispose() => _dir.Dispose();

    private static void WriteOneKey(string path)
    {
        using var store = LevelDbStore.Open(path, createIfMissing: true);
        using var batch = store.CreateBatch();
        batch.Put("k"u8, "v"u8);
        store.Write(batch, sync: true);
    }

    [TestMethod]
    public void Data_survives_close_and_reopen()
    {
        var path = _dir.Combine("persist");
        WriteOneKey(path);
        using var reopened = LevelDbStore.Open(path, createIfMissing: false);
        CollectionAssert.AreEqual("v"u8.ToArray(), reopened.Get("k"u8));
        Assert.IsNotNull(reopened.GetProperty("leveldb.stats"));
    }

    [TestMethod]
    public void Opening_a_missing_database_without_create_says_so()
    {
        var error = Assert.ThrowsExactly<LevelDbException>(() => LevelDbStore.Open(_dir.Combine("nothing"), createIfMissing: false));
        StringAssert.Contains(error.Message, "there is no database");
    }

    [TestMethod]
    public void A_folder_of_files_without_CURRENT_is_never_replaced_by_a_fresh_database()
    {
        var path = _dir.Combine("damaged");
        WriteOneKey(path);
        File.Delete(Path.Combine(path, "CURRENT"));
        var error = Assert.ThrowsExactly<LevelDbException>(() => LevelDbStore.Open(path, createIfMissing: true));
        StringAssert.Contains(error.Message, "no CURRENT file");
    }

    [TestMethod]
    public void A_corrupted_manifest_is_reported_as_corruption()
    {
        var path = _dir.Combine("corrupt");
        WriteOneKey(path);
        var manifest = Directory.GetFiles(path, "MANIFEST-*").Single();
        var bytes = File.ReadAllBytes(manifest);
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] ^= 0x5a;
        File.WriteAllBytes(manifest, bytes);
        var error = Assert.ThrowsExactly<LevelDbException>(() => LevelDbStore.Open(path, createIfMissing: true));
        Assert.IsTrue(error.IsCorruption, error.Message);
        StringAssert.Contains(error.Message, "is corrupt");
    }

    [TestMethod]
    public void A_second_open_of_the_same_database_names_the_lock()
    {
        var path = _dir.Combine("locked");
        using var first = LevelDbStore.Open(path, createIfMissing: true);
        var error = Assert.ThrowsExactly<LevelDbException>(() => LevelDbStore.Open(path, createIfMissing: true));
        StringAssert.Contains(error.Message, "in use by another process");
    }

    [TestMethod]
    public void Reads_after_dispose_fail_cleanly()
    {
        var store = LevelDbStore.Open(_dir.Combine("disposed"), createIfMissing: true);
        store.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => store.Get("k"u8));
    }

    [TestMethod]
    public void A_missing_native_library_is_one_sentence_naming_the_package()
    {
        var missing = new NativeDependency("libchainnode-absent.so.9", "chainnode-absent-pkg");
        var error = Assert.ThrowsExactly<MissingNativeLibraryException>(() => missing.Load());
        Assert.AreEqual("libchainnode-absent.so.9 was not found: install the Debian package chainnode-absent-pkg (apt-get install chainnode-absent-pkg).", error.Message);
    }
}
