namespace ChainNode.Ledger.Transactions;

/// <summary>Why a transaction was refused, as a machine-readable reason plus a sentence.</summary>
public sealed class InvalidTransactionException(TxRejectReason reason, string message) : Exception(message)
{
    public TxRejectReason Reason { get; } = reason;
}

public enum TxRejectReason
{
    Malformed,
    TooLarge,
    WrongChainId,
    BadPublicKey,
    BadSignature,
}
