using System.Text;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Database;
using ChainNode.Storage;
using ChainNode.Storage.LevelDb;
using ChainNode.Storage.Memory;
using ChainNode.Testing;

namespace ChainNode.Ledger.Tests.Database;

/// <summary>
/// A ledger written by the previous schema opens with this build and reads as it did: the
/// fixture in Fixtures/schema3 was written by the last schema-3 build (see its README).
/// </summary>
[TestClass]
public sealed class LedgerDatabaseMigrationTests
{
    private static readonly TestNetwork Network = new();
    private static readonly string Fixture = Path.Combine(RepoPaths.Root, "tests", "ChainNode.Ledger.Tests", "Database", "Fixtures", "schema3");

    [TestMethod]
    public void A_ledger_written_by_schema_3_opens_migrated_and_reads_as_it_did()
    {
        using var dir = new TempDirectory("schema3");
        var progress = new List<string>();
        using (var db = LedgerDatabase.Open(CopyFixture(dir), progress.Add))
            AssertReadsAsSchema3Did(db);
        StringAssert.Contains(progress[0], "from schema 3 to 4");

        progress.Clear();
        using (var root = LevelDbStore.Open(dir.Combine("db"), createIfMissing: false))
        {
            var keys = root.ScanPrefix([]).Select(kv => (char)kv.Key[0]).Distinct().ToList();
            CollectionAssert.IsSubsetOf(keys, new[] { 'c', 'e', 'v' }, $"every record is in a key space; found {string.Join(",", keys)}");
        }
        using (var db = LedgerDatabase.Open(LevelDbStore.Open(dir.Combine("db"), createIfMissing: false), progress.Add))
            AssertReadsAsSchema3Did(db);
        Assert.AreEqual(0, progress.Count, "a migrated ledger is not migrated again");
    }

    [TestMethod]
    [DataRow(1, DisplayName = "the switch to schema 4 never lands")]
    [DataRow(2, DisplayName = "the old records are not yet deleted")]
    public void A_migration_cut_short_by_a_crash_completes_at_the_next_open(int crashAtWrite)
    {
        using var dir = new TempDirectory("schema3-crash");
        var crashing = new CrashingStore(CopyFixture(dir), crashAtWrite);
        Assert.ThrowsExactly<SimulatedCrashException>(() => LedgerDatabase.Open(crashing));

        using var db = LedgerDatabase.Open(LevelDbStore.Open(dir.Combine("db"), createIfMissing: false));
        AssertReadsAsSchema3Did(db);
    }

    [TestMethod]
    public void A_ledger_of_a_pre_release_schema_is_refused_with_what_to_do()
    {
        var root = new MemoryKeyValueStore();
        using (var batch = root.CreateBatch())
        {
            batch.Put("mschema"u8, "2"u8);
            root.Write(batch, sync: true);
        }
        var error = Assert.ThrowsExactly<LedgerCorruptException>(() => LedgerDatabase.Open(root));
        StringAssert.Contains(error.Message, "pre-release build (schema 2");
        StringAssert.Contains(error.Message, "Move the data directory aside");
    }

    private static LevelDbStore CopyFixture(TempDirectory dir)
    {
        var target = Directory.CreateDirectory(dir.Combine("db"));
        foreach (var file in Directory.GetFiles(Path.Combine(Fixture, "db")))
            File.Copy(file, Path.Combine(target.FullName, Path.GetFileName(file)));
        return LevelDbStore.Open(target.FullName, createIfMissing: false);
    }

    // Everything the schema-3 build read back from the fixture (expected.txt) reads the same now.
    private static void AssertReadsAsSchema3Did(LedgerDatabase db)
    {
        var (chain, explorer) = db.OpenChain(Network.Genesis, initializeIfEmpty: false);
        var actual = new StringBuilder();
        actual.AppendLine($"height {chain.Height}");
        actual.AppendLine($"head {chain.HeadBlock.Hash}");
        actual.AppendLine($"state-root {Convert.ToHexStringLower(chain.Head.StateRoot.Span)}");
        actual.AppendLine($"candidate-4 {DecodedBlock.From(chain.Bodies.Read(4)!).Hash}");
        for (var m = 0; m < Network.MemberKeys.Count; m++)
        {
            var account = chain.State.GetAccount(Network.MemberKeys[m].Address);
            actual.AppendLine($"member {m} balance {account?.Balance ?? 0} nonce {account?.Nonce ?? 0} history {explorer.History(Network.MemberKeys[m].Address, 100).Count}");
        }
        for (var v = 0; v < Network.ValidatorKeys.Count; v++)
        {
            var activity = explorer.Activity(Network.ValidatorKeys[v].Address);
            actual.AppendLine($"validator {v} proposed {activity.Proposed} signed {activity.CommitsSigned}");
        }
        foreach (var (key, value) in db.Consensus.ScanPrefix([]))
            actual.AppendLine($"consensus {Encoding.ASCII.GetString(key)} {Convert.ToHexStringLower(value)}");

        Assert.AreEqual(File.ReadAllText(Path.Combine(Fixture, "expected.txt")), actual.ToString());
        Assert.IsTrue(LedgerVerifier.Verify(chain).Ok, "every block and certificate still verifies");
    }

    private sealed class SimulatedCrashException : Exception;

    /// <summary>Dies at its Nth write, before the write lands: as a kill -9 between two writes would.</summary>
    private sealed class CrashingStore(IKeyValueStore inner, int crashAtWrite) : IKeyValueStore
    {
        private int _writes;

        public byte[]? Get(ReadOnlySpan<byte> key) => inner.Get(key);

        public bool Contains(ReadOnlySpan<byte> key) => inner.Contains(key);

        public IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix) => inner.ScanPrefix(prefix);

        public IEnumerable<KeyValuePair<byte[], byte[]>> ScanPrefix(byte[] prefix, byte[] startAt) => inner.ScanPrefix(prefix, startAt);

        public IWriteBatch CreateBatch() => inner.CreateBatch();

        public IWriteBatch Join(IWriteBatch batch) => inner.Join(batch);

        public void Write(IWriteBatch batch, bool sync)
        {
            if (++_writes == crashAtWrite)
            {
                inner.Dispose();
                throw new SimulatedCrashException();
            }
            inner.Write(batch, sync);
        }

        public void Dispose() => inner.Dispose();
    }
}
