namespace ChainNode.Ledger.Execution;

/// <summary>
/// A tx that may not be in a block at all at this point (wrong nonce, not a member, gas limit
/// below the minimum). A proposer leaves it out; a block containing it is invalid.
/// </summary>
public sealed class InapplicableTransactionException(InapplicableReason reason, string message) : Exception(message)
{
    public InapplicableReason Reason { get; } = reason;
}

public enum InapplicableReason
{
    NotMember,
    NonceTooLow,
    NonceTooHigh,
    GasLimitTooLow,
    CannotPayFee,
}
