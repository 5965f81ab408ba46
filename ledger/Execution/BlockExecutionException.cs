namespace ChainNode.Ledger.Execution;

/// <summary>A block that cannot be executed as given: one of its txs is invalid or inapplicable.</summary>
public sealed class BlockExecutionException(string message) : Exception(message);
