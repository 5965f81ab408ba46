using ChainNode.Ledger.Chain;
using ChainNode.Storage;

namespace ChainNode.Ledger.Database;

/// <summary>
/// Brings a schema-3 database to schema 4. Layout 3 kept every record at the root: the chain's
/// under one-byte tags, the explorer's under 'x', the replica's under "mc/". Layout 4 puts each
/// in its own key space (<see cref="LedgerDatabase"/>) and keeps the keys within it.
/// Crash-safe at any instant: records are copied while the old schema record stands (a restart
/// copies again), one synced batch then switches schemas and marks the old records for
/// deletion, and the deletion resumes at every open until it is done.
/// </summary>
internal static class Schema3Migration
{
    private const int BatchEntries = 4096;
    private const int ProgressEvery = 100_000;

    private static readonly byte[] OldSchemaKey = "mschema"u8.ToArray();
    private static readonly byte[] OldConsensusPrefix = "mc/"u8.ToArray();
    private const byte OldExplorerTag = (byte)'x';
    // Tags layout 3 used at the root: body, certificate, hash index, state, metadata, explorer.
    private static readonly byte[] OldTags = "BChsmx"u8.ToArray();
    // Tags of the pre-release layouts 1 and 2 (one record per block; a tx index), which no build reads any more.
    private static readonly byte[] PreReleaseTags = "bt"u8.ToArray();
    // In the chain's key space while old records remain to be deleted.
    private static readonly byte[] CleanupPendingKey = "mmigration/3/cleanup"u8.ToArray();

    public static void RunIfNeeded(IKeyValueStore root, LedgerDatabase database, Action<string> progress)
    {
        if (root.Get(OldSchemaKey) is { } schema)
        {
            var version = System.Text.Encoding.UTF8.GetString(schema);
            if (version != "3" || PreReleaseTags.Any(tag => root.ScanPrefix([tag]).Any()))
                throw new LedgerCorruptException($"The ledger was written by a pre-release build (schema {version}, one record per block) that this build cannot read or migrate. " +
                    "Move the data directory aside and start the node again: it fetches the chain from its peers.");
            Copy(root, database, progress);
        }
        if (database.Chain.Contains(CleanupPendingKey))
            DeleteOldRecords(root, database, progress);
    }

    private static void Copy(IKeyValueStore root, LedgerDatabase database, Action<string> progress)
    {
        progress("Migrating the ledger from schema 3 to 4: copying each record into its key space.");
        var copied = 0L;
        var batch = root.CreateBatch();
        try
        {
            foreach (var tag in OldTags)
            {
                foreach (var (key, value) in root.ScanPrefix([tag]))
                {
                    if (key.AsSpan().SequenceEqual(OldSchemaKey))
                        continue;
                    var (space, newKey) = key.AsSpan().StartsWith(OldConsensusPrefix) ? (database.Consensus, key[OldConsensusPrefix.Length..])
                        : tag == OldExplorerTag ? (database.Explorer, key)
                        : (database.Chain, key);
                    space.Join(batch).Put(newKey, value);
                    if (++copied % BatchEntries == 0)
                    {
                        root.Write(batch, sync: false);
                        batch.Clear();
                    }
                    if (copied % ProgressEvery == 0)
                        progress($"  {copied:N0} records copied");
                }
            }
            // The switch: from here on the database is schema 4, with old records left to delete.
            var chain = database.Chain.Join(batch);
            chain.Put(StoreKeys.SchemaVersion, System.Text.Encoding.UTF8.GetBytes(ChainStore.CurrentSchemaVersion));
            chain.Put(CleanupPendingKey, []);
            batch.Delete(OldSchemaKey);
            root.Write(batch, sync: true);
        }
        finally
        {
            batch.Dispose();
        }
        progress($"  {copied:N0} records copied; the ledger is now schema {ChainStore.CurrentSchemaVersion}.");
    }

    private static void DeleteOldRecords(IKeyValueStore root, LedgerDatabase database, Action<string> progress)
    {
        using var batch = root.CreateBatch();
        foreach (var tag in OldTags)
        {
            foreach (var (key, _) in root.ScanPrefix([tag]))
            {
                batch.Delete(key);
                if (batch.Count >= BatchEntries)
                {
                    root.Write(batch, sync: false);
                    batch.Clear();
                }
            }
        }
        database.Chain.Join(batch).Delete(CleanupPendingKey);
        root.Write(batch, sync: true);
        progress("  the schema-3 records are deleted.");
    }
}
