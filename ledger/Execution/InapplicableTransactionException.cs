namespace ChainNode.Ledger.Execution;

/// <summary>
/// A tx that may not be in a block at all at this point (wrong nonce, not a member, gas limit
/// below the minimum). A proposer leaves it out; a block containing it is invalid.
/// </summary>
public sealed class InapplicableTransactionException(InapplicableReason reason, string message) : Exception(message)
{
    public InapplicableTransactionException(PolicyRefusal refusal) : this(ReasonOf(refusal.Rule), refusal.Message)
    {
    }

    public InapplicableReason Reason { get; } = reason;

    private static InapplicableReason ReasonOf(PolicyRule rule) => rule switch
    {
        PolicyRule.NotMember => InapplicableReason.NotMember,
        PolicyRule.NonceTooLow => InapplicableReason.NonceTooLow,
        PolicyRule.NonceTooHigh => InapplicableReason.NonceTooHigh,
        PolicyRule.GasLimitTooLow => InapplicableReason.GasLimitTooLow,
        PolicyRule.CannotPayFee => InapplicableReason.CannotPayFee,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "this rule fails a tx in a block; it does not keep it out"),
    };
}

public enum InapplicableReason
{
    NotMember,
    NonceTooLow,
    NonceTooHigh,
    GasLimitTooLow,
    CannotPayFee,
}
