using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// Re-executes a proposed or fetched block over its parent's state. Its txs are checked on all
/// cores before they run in order; a node passes a check that finds the ones it already checked
/// (at mempool admission) instead of verifying them again.
/// </summary>
public sealed class BlockExecutor(string chainId, TransactionExecutor transactions)
{
    /// <summary>Checks one tx of a block, or finds this node's check of this exact signed tx; throws <see cref="InvalidTransactionException"/> if it does not verify.</summary>
    public delegate VerifiedTransaction TxCheck(SignedTx tx, Hash32 hash);

    public TransactionExecutor Transactions { get; } = transactions;

    public ExecutionResult Execute(DecodedBlock block, IStateView parentState, Hash32 parentStateRoot, TxCheck? check = null)
    {
        var verified = VerifyAll(block.Block.Transactions, block.TxHashes, check ?? ((tx, hash) => TransactionCodec.Verify(tx, chainId, hash)));
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

    private static VerifiedTransaction[] VerifyAll(Google.Protobuf.Collections.RepeatedField<SignedTx> txs, IReadOnlyList<Hash32> hashes, TxCheck check)
    {
        var verified = new VerifiedTransaction[txs.Count];
        var errors = new string?[txs.Count];
        Parallel.For(0, txs.Count, i =>
        {
            try
            {
                verified[i] = check(txs[i], hashes[i]);
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
