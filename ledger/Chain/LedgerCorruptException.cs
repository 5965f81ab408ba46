namespace ChainNode.Ledger.Chain;

/// <summary>The stored ledger is damaged or inconsistent; the message names what and where.</summary>
public sealed class LedgerCorruptException(string message, Exception? inner = null) : Exception(message, inner);
