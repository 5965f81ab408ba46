using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// Fills a proposal: runs candidate txs in the order given, leaves out the ones that are not
/// applicable now (reported so the mempool can drop or keep them), and stops at the block's
/// tx-count and byte limits.
/// </summary>
public sealed class BlockBuilder(TransactionExecutor transactions)
{
    public sealed record Built(IReadOnlyList<SignedTx> Txs, ExecutionResult Result, IReadOnlyList<(VerifiedTransaction Tx, InapplicableTransactionException Why)> Skipped);

    public Built Build(IEnumerable<VerifiedTransaction> candidates, BlockContext context, IStateView parentState, Hash32 parentStateRoot,
        int maxTxs, int maxBytes)
    {
        var state = new ExecutionState(parentState);
        var included = new List<VerifiedTransaction>();
        var receipts = new List<Receipt>();
        var skipped = new List<(VerifiedTransaction, InapplicableTransactionException)>();
        var bytes = 0;
        foreach (var tx in candidates)
        {
            if (included.Count >= maxTxs)
                break;
            var size = tx.Tx.CalculateSize() + 8; // with its framing inside the block, roughly
            if (bytes + size > maxBytes)
                break;
            try
            {
                receipts.Add(transactions.Apply(tx, context, (uint)included.Count, state));
            }
            catch (InapplicableTransactionException e)
            {
                skipped.Add((tx, e));
                continue;
            }
            included.Add(tx);
            bytes += size;
        }
        var changes = state.ToChanges();
        return new Built(included.ConvertAll(t => t.Tx), ExecutionResult.Over(parentStateRoot, changes, receipts, included), skipped);
    }
}
