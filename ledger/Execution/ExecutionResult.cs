using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// A block's effect: its state changes (receipts included), the root they lead to from
/// <see cref="ParentStateRoot"/>, and the receipts. When the block was executed here, also its
/// txs in block order as checked, so committing it need not decode them again.
/// </summary>
public sealed record ExecutionResult(StateChanges Changes, Hash32 ParentStateRoot, Hash32 StateRoot, IReadOnlyList<Receipt> Receipts,
    IReadOnlyList<VerifiedTransaction>? Transactions = null)
{
    /// <summary>The result of applying <paramref name="changes"/> on top of the state with root <paramref name="parentStateRoot"/>.</summary>
    public static ExecutionResult Over(Hash32 parentStateRoot, StateChanges changes, IReadOnlyList<Receipt> receipts,
        IReadOnlyList<VerifiedTransaction>? transactions = null) =>
        new(changes, parentStateRoot, Chain.StateRoot.Next(parentStateRoot, changes), receipts, transactions);

    /// <summary>The one state-root rule: null if this result reproduces <paramref name="header"/>'s state root, otherwise why not.</summary>
    public string? StateRootProblem(BlockHeader header) =>
        header.StateRoot.Span.SequenceEqual(StateRoot.Span)
            ? null
            : $"state root {Convert.ToHexStringLower(header.StateRoot.Span)} differs from re-execution's {StateRoot}";
}
