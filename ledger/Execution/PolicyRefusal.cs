namespace ChainNode.Ledger.Execution;

/// <summary>
/// Why <see cref="TransactionPolicy"/> refuses a tx: the rule it breaks and a sentence for people.
/// A value type, so a rule that holds costs no allocation; the sentence is built only on refusal.
/// </summary>
public readonly record struct PolicyRefusal(PolicyRule Rule, string Message);

/// <summary>The rules of <see cref="TransactionPolicy"/>; the mempool and execution each map them to their own reasons.</summary>
public enum PolicyRule
{
    NotMember,
    NonceTooLow,
    NonceTooHigh,
    GasLimitTooLow,
    /// <summary>Execution: the balance cannot cover the maximum fee, so the tx may not be in a block.</summary>
    CannotPayFee,
    /// <summary>Admission: value and maximum fee on top of the pending spend; execution: the value after the fee is reserved (a failed receipt).</summary>
    InsufficientBalance,
}
