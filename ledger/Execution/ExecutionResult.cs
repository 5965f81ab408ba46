using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Execution;

/// <summary>A block's effect: its state changes (receipts included), the resulting root, and the receipts.</summary>
public sealed record ExecutionResult(StateChanges Changes, Hash32 StateRoot, IReadOnlyList<Receipt> Receipts);
