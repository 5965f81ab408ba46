using ChainNode.Consensus.Hosting;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Database;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Indexing;
using ChainNode.Node.Consensus;
using ChainNode.Storage;
using ChainNode.Storage.LevelDb;

namespace ChainNode.Node.Hosting;

/// <summary>
/// The ledger as the node wires it: one database (LevelDB in the home's <c>data/</c>), the chain
/// in its key space with the explorer index joining every commit, and the consensus replica's
/// records in theirs. The one place that chooses the storage engine.
/// </summary>
public sealed class NodeLedger : IDisposable
{
    private readonly LedgerDatabase _database;

    private NodeLedger(LedgerDatabase database, ChainStore chain, ExplorerIndex explorer)
    {
        _database = database;
        Chain = chain;
        Explorer = explorer;
        ConsensusRecords = new ChainRecordStore(database.Consensus, chain);
    }

    public ChainStore Chain { get; }

    public ExplorerIndex Explorer { get; }

    public IConsensusRecordStore ConsensusRecords { get; }

    /// <summary>Opens the LevelDB ledger in <paramref name="dataDirectory"/>, migrating an older layout (reported to <paramref name="progress"/>).</summary>
    public static NodeLedger OpenLevelDb(string dataDirectory, GenesisConfig genesis, bool createIfMissing, Action<string>? progress = null) =>
        Over(LevelDbStore.Open(dataDirectory, createIfMissing), genesis, createIfMissing, progress);

    /// <summary>The same wiring over any root store (tests use memory), taking ownership of it.</summary>
    public static NodeLedger Over(IKeyValueStore root, GenesisConfig genesis, bool initializeIfEmpty, Action<string>? progress = null)
    {
        var database = LedgerDatabase.Open(root, progress);
        try
        {
            var (chain, explorer) = database.OpenChain(genesis, initializeIfEmpty);
            return new NodeLedger(database, chain, explorer);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Chain.Dispose();
        _database.Dispose();
    }
}
