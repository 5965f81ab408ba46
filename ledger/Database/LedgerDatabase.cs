using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Indexing;
using ChainNode.Storage;

namespace ChainNode.Ledger.Database;

/// <summary>
/// The node's one database, cut into a key space per consumer so their keys cannot collide:
/// the chain (blocks, certificates, state, head), the explorer's index, and the consensus
/// replica's records. Opening it brings an older layout up to date first
/// (<see cref="Schema3Migration"/>). Owns the root store.
/// </summary>
public sealed class LedgerDatabase : IDisposable
{
    private readonly IKeyValueStore _root;

    private LedgerDatabase(IKeyValueStore root)
    {
        _root = root;
        Chain = new KeySpace(root, "c"u8);
        Explorer = new KeySpace(root, "e"u8);
        Consensus = new KeySpace(root, "v"u8);
    }

    /// <summary>Blocks, certificates, state and head: what <see cref="ChainStore"/> keeps.</summary>
    public KeySpace Chain { get; }

    /// <summary>The explorer's derived lookups (<see cref="ExplorerIndex"/>).</summary>
    public KeySpace Explorer { get; }

    /// <summary>The consensus replica's votes, certificates and view; not part of the ledger.</summary>
    public KeySpace Consensus { get; }

    /// <summary>
    /// Opens the database over <paramref name="root"/>, taking ownership of it, and migrates an
    /// older layout first. <paramref name="progress"/> hears about long migrations.
    /// </summary>
    public static LedgerDatabase Open(IKeyValueStore root, Action<string>? progress = null)
    {
        var database = new LedgerDatabase(root);
        try
        {
            Schema3Migration.RunIfNeeded(root, database, progress ?? (_ => { }));
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The chain in its key space, with the explorer index joining every commit. The database stays open until disposed.</summary>
    public (ChainStore Chain, ExplorerIndex Explorer) OpenChain(GenesisConfig genesis, bool initializeIfEmpty)
    {
        var explorer = new ExplorerIndex(Explorer);
        return (ChainStore.Open(Chain, genesis, initializeIfEmpty, [explorer]), explorer);
    }

    public void Dispose() => _root.Dispose();
}
