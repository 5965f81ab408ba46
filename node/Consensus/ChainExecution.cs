using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Types;
using ChainNode.Node.Mempool;

namespace ChainNode.Node.Consensus;

/// <summary>
/// Execution as the consensus loop needs it: finding the state a block builds on (the committed
/// head or an executed pending block), checking proposals, and running committed blocks.
/// </summary>
public sealed class ChainExecution(ChainStore chain, BlockExecutor executor, TxPool pool)
{
    public ExecutionCache Cache { get; } = new();

    public BlockExecutor Executor { get; } = executor;

    /// <summary>The block with <paramref name="hash"/> and the state after it, if this node has it.</summary>
    public (DecodedBlock Block, IStateView State, Hash32 StateRoot)? StateAfter(Hash32 hash)
    {
        var head = chain.HeadBlock;
        if (head.Hash == hash)
            return (head, chain.State, new Hash32(chain.Head.StateRoot.Span));
        if (Cache.Find(hash) is { } entry)
            return (entry.Block, entry.StateAfter, entry.Result.StateRoot);
        return null;
    }

    /// <summary>
    /// Executes <paramref name="block"/> over its parent (which must be known) and compares the
    /// state root, once: <paramref name="stateRootProblem"/> says how it differs. The result is
    /// cached only if it reproduces the header's state root, so a refused block leaves nothing behind.
    /// </summary>
    public ExecutionResult Execute(DecodedBlock block, out string? stateRootProblem)
    {
        stateRootProblem = null;
        if (Cache.Find(block.Hash) is { } done)
            return done.Result;
        var parent = StateAfter(new Hash32(block.Header.PreviousHash.Span))
            ?? throw new BlockExecutionException($"the state after block {block.Height - 1} ({Convert.ToHexStringLower(block.Header.PreviousHash.Span)}) is not known here");
        var result = Executor.Execute(block, parent.State, parent.StateRoot, pool.CheckForExecution);
        stateRootProblem = result.StateRootProblem(block.Header);
        if (stateRootProblem is null)
            Cache.Add(block, result, parent.State);
        return result;
    }
}
