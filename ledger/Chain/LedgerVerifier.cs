using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// Re-checks a whole stored chain from genesis: hash links, timestamps, Merkle roots, every tx
/// signature and every commit certificate against the validator set in force at its height. It
/// stops at the first bad height.
/// <para>
/// Without <c>replay</c>, the sets come from the epoch history in the store's final state:
/// sound because an epoch is only ever written before its start height (a change executed at h
/// opens or edits the epoch at h + 2), so the history of every past height is the one the chain
/// had when that height was certified; its first epoch must be the genesis one. With
/// <c>replay</c>, every block is re-executed in memory from genesis, so each height's set comes
/// from the state as executed up to the block before, and every state root is checked too.
/// </para>
/// </summary>
public static class LedgerVerifier
{
    public static LedgerVerification Verify(ChainStore chain, IProgress<ulong>? progress = null, BlockExecutor? replay = null)
    {
        var genesis = chain.Genesis;
        var head = chain.Height;
        EpochSchedule schedule;
        try
        {
            schedule = replay is null ? EpochSchedule.FromFinalState(chain) : EpochSchedule.Replaying(chain, replay);
        }
        catch (LedgerCorruptException e)
        {
            return LedgerVerification.Failed(head, 0, 0, e.Message);
        }
        ulong txCount = 0;
        DecodedBlock? parent = null;
        for (ulong height = 0; height <= head; height++)
        {
            string? problem;
            DecodedBlock? block = null;
            try
            {
                var finalized = chain.GetFinalizedBlock(height);
                if (finalized?.Block is null)
                    return LedgerVerification.Failed(head, height, txCount, "the block is missing");
                block = DecodedBlock.From(finalized.Block);
                problem = height == 0
                    ? CheckGenesis(block, genesis)
                    : BlockHeaderRules.FindProblem(block, parent!, genesis.ChainId)
                        ?? CertificateVerifier.FindProblem(finalized.Certificate, chain.GenesisHash, height, block.Hash, schedule.ValidatorsAt(height))
                        ?? CheckTransactions(chain, block, genesis.ChainId)
                        ?? schedule.Apply(block);
            }
            catch (Exception e) when (e is FormatException or LedgerCorruptException or Storage.StorageException { IsCorruption: true })
            {
                problem = e.Message;
            }
            if (problem is not null)
                return LedgerVerification.Failed(head, height, txCount, problem);
            txCount += (ulong)block!.Block.Transactions.Count;
            parent = block;
            progress?.Report(height);
        }
        if (!parent!.Hash.Span.SequenceEqual(chain.Head.BlockHash.Span))
            return LedgerVerification.Failed(head, head, txCount, "the head record does not name the last block");
        return LedgerVerification.Passed(head, txCount);
    }

    private static string? CheckGenesis(DecodedBlock block, GenesisConfig genesis)
    {
        var expected = GenesisBlock.Create(genesis).Block;
        if (block.Hash != expected.Hash)
            return $"genesis block hash {block.Hash} does not match {expected.Hash} derived from the genesis file";
        return block.Block.Transactions.Count == 0 ? null : "the genesis block holds transactions";
    }

    // Signatures are checked in parallel: they dominate the cost of verification.
    private static string? CheckTransactions(ChainStore chain, DecodedBlock block, string chainId)
    {
        var txs = block.Block.Transactions;
        var problems = new string?[txs.Count];
        var hashes = new Hash32[txs.Count];
        Parallel.For(0, txs.Count, i =>
        {
            try
            {
                hashes[i] = TransactionCodec.Verify(txs[i], chainId).Hash;
            }
            catch (InvalidTransactionException e)
            {
                problems[i] = $"tx {i}: {e.Message}";
            }
        });
        if (problems.FirstOrDefault(p => p is not null) is { } problem)
            return problem;
        for (var i = 0; i < txs.Count; i++)
        {
            var location = chain.GetTxLocation(hashes[i]);
            if (location is null || location.Height != block.Height || location.Index != i)
                return $"tx {i} ({hashes[i]}) has no receipt, or its receipt places it elsewhere";
        }
        return null;
    }
}

/// <summary>Outcome of <see cref="LedgerVerifier.Verify"/>.</summary>
public sealed record LedgerVerification(bool Ok, ulong HeadHeight, ulong? FirstBadHeight, ulong TransactionsChecked, string? Problem)
{
    public static LedgerVerification Passed(ulong head, ulong txs) => new(true, head, null, txs, null);

    public static LedgerVerification Failed(ulong head, ulong height, ulong txs, string problem) => new(false, head, height, txs, problem);
}
