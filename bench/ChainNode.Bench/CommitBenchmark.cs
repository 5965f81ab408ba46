using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Database;
using ChainNode.Ledger.Protos;
using ChainNode.Storage.LevelDb;
using ChainNode.Storage.Memory;
using ChainNode.Testing;

namespace ChainNode.Bench;

/// <summary>
/// Committing finalized 1000-tx blocks to LevelDB: header and Merkle checks, certificate
/// verification, and one synced write batch holding the block, tx index, state and head.
/// Blocks are built and signed before timing starts.
/// </summary>
internal static class CommitBenchmark
{
    private const int TxsPerBlock = 1000;
    private const int BlocksPerRun = 40;
    private const int Runs = 5;

    public static void Run()
    {
        var network = new TestNetwork(validators: 4, members: 1000);
        var blocks = Prebuild(network, BlocksPerRun * (Runs + 1));
        Console.WriteLine($"prebuilt {blocks.Count} blocks of {TxsPerBlock} signed transfers");

        using var dir = new TempDirectory("chainnode-bench");
        // As the node wires it: the chain's key space, with the explorer index in every commit.
        using var database = LedgerDatabase.Open(LevelDbStore.Open(dir.Combine("data"), createIfMissing: true));
        var (chain, _) = database.OpenChain(network.Genesis, initializeIfEmpty: true);
        var next = 0;
        var blockRate = Measurement.MedianRate($"LevelDB block commit, {TxsPerBlock}-tx blocks, synced", Runs, () =>
        {
            for (var i = 0; i < BlocksPerRun; i++, next++)
                chain.Commit(blocks[next].Block, blocks[next].Changes);
            return BlocksPerRun;
        });
        Console.WriteLine($"{"  = committed txs",-52} {blockRate * TxsPerBlock,12:N0} /s");
    }

    private static List<(FinalizedBlock Block, StateChanges Changes)> Prebuild(TestNetwork network, int count)
    {
        using var memoryChain = ChainStore.Open(new MemoryKeyValueStore(), network.Genesis, initializeIfEmpty: true);
        var builder = new TestChainBuilder(network, memoryChain);
        var blocks = new List<(FinalizedBlock, StateChanges)>(count);
        for (var i = 0; i < count; i++)
        {
            var (block, changes) = builder.Next(builder.Txs.Transfers(TxsPerBlock));
            memoryChain.Commit(block, changes);
            blocks.Add((block, changes));
        }
        return blocks;
    }
}
