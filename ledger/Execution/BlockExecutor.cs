using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// Re-executes a proposed or fetched block over its parent's state. Signatures already checked
/// (by the mempool at admission) are looked up instead of verified again; the rest are verified
/// on all cores before the txs run in order.
/// </summary>
public sealed class BlockExecutor(string chainId, TransactionExecutor transactions)
{
    /// <summary>Finds an earlier check of this exact signed tx, or null.</summary>
    public delegate VerifiedTransaction? PreverifiedLookup(SignedTx tx, Hash32 hash);

    public TransactionExecutor Transactions { get; } = transactions;

    public ExecutionResult Execute(DecodedBlock block, IStateView parentState, Hash32 parentStateRoot, PreverifiedLookup? preverified = null)
    {
        var verified = VerifyAll(block.Block.Transactions, block.TxHashes, preverified);
        var context = ContextOf(block.Header, parentState);
        var state = new ExecutionState(parentState, ExecutionState.WritesPerTransfer * verified.Length);
        var receipts = new List<Receipt>(verified.Length);
        for (var i = 0; i < verified.Length; i++)
        {
            try
            {
                receipts.Add(Transactions.Apply(verified[i], context, (uint)i, state));
            }
            catch (InapplicableTransactionException e)
            {
                throw new BlockExecutionException($"tx {i} ({verified[i].Hash}): {e.Message}");
            }
        }
        var changes = state.ToChanges();
        return ExecutionResult.Over(parentStateRoot, changes, receipts, verified);
    }

    /// <summary>The block's context; its gas price is the one of the epoch in force at its height, as the parent state schedules it.</summary>
    public static BlockContext ContextOf(BlockHeader header, IStateView parentState) =>
        new(header.Height, header.TimestampMs, header.Proposer.Length == Address.Length ? new Address(header.Proposer.Span) : default,
            parentState.ParametersAt(header.Height).GasPrice);

    private VerifiedTransaction[] VerifyAll(Google.Protobuf.Collections.RepeatedField<SignedTx> txs, IReadOnlyList<Hash32> hashes, PreverifiedLookup? preverified)
    {
        var verified = new VerifiedTransaction[txs.Count];
        var errors = new string?[txs.Count];
        var unseen = new List<int>();
        for (var i = 0; i < txs.Count; i++)
        {
            if (preverified?.Invoke(txs[i], hashes[i]) is { } known)
                verified[i] = known;
            else
                unseen.Add(i);
        }
        // Lookups are cheap; only the txs never seen here need the cores.
        Parallel.For(0, unseen.Count, j =>
        {
            var i = unseen[j];
            try
            {
                verified[i] = TransactionCodec.Verify(txs[i], chainId, hashes[i]);
            }
            catch (InvalidTransactionException e)
            {
                errors[i] = $"tx {i}: {e.Message}";
            }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } first)
            throw new BlockExecutionException(first);
        return verified;
    }
}
