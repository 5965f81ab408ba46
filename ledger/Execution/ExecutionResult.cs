using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// A block's effect: its state changes (receipts included), the root they lead to from
/// <see cref="ParentStateRoot"/>, and the receipts.
/// </summary>
public sealed record ExecutionResult(StateChanges Changes, Hash32 ParentStateRoot, Hash32 StateRoot, IReadOnlyList<Receipt> Receipts)
{
    /// <summary>The result of applying <paramref name="changes"/> on top of the state with root <paramref name="parentStateRoot"/>.</summary>
    public static ExecutionResult Over(Hash32 parentStateRoot, StateChanges changes, IReadOnlyList<Receipt> receipts) =>
        new(changes, parentStateRoot, Chain.StateRoot.Next(parentStateRoot, changes), receipts);
}
