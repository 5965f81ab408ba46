using ChainNode.Ledger.Execution;

namespace ChainNode.Node.Mempool;

/// <summary>Why a tx was refused at admission: a stable reason token plus a sentence for people.</summary>
public sealed class TxRejectedException(RejectReason reason, string message) : Exception(message)
{
    /// <summary>A refusal by the policy admission shares with execution.</summary>
    public TxRejectedException(PolicyRefusal refusal) : this(RejectReasons.Of(refusal.Rule), refusal.Message)
    {
    }

    public RejectReason Reason { get; } = reason;

    /// <summary>The snake_case token clients match on, e.g. "bad_signature".</summary>
    public string Token => RejectReasons.Token(Reason);
}

public enum RejectReason
{
    Malformed,
    TooLarge,
    WrongChainId,
    BadPublicKey,
    BadSignature,
    Unsupported,
    NotMember,
    NotAdmin,
    NonceTooLow,
    NonceTooHigh,
    NonceTaken,
    GasLimitTooLow,
    InsufficientBalance,
    Duplicate,
    MempoolFull,
    RateLimited,
}

public static class RejectReasons
{
    public static readonly RejectReason[] All = Enum.GetValues<RejectReason>();

    public static RejectReason Of(PolicyRule rule) => rule switch
    {
        PolicyRule.NotMember => RejectReason.NotMember,
        PolicyRule.NonceTooLow => RejectReason.NonceTooLow,
        PolicyRule.NonceTooHigh => RejectReason.NonceTooHigh,
        PolicyRule.GasLimitTooLow => RejectReason.GasLimitTooLow,
        PolicyRule.CannotPayFee or PolicyRule.InsufficientBalance => RejectReason.InsufficientBalance,
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    public static string Token(RejectReason reason) => reason switch
    {
        RejectReason.Malformed => "malformed",
        RejectReason.TooLarge => "too_large",
        RejectReason.WrongChainId => "wrong_chain_id",
        RejectReason.BadPublicKey => "bad_public_key",
        RejectReason.BadSignature => "bad_signature",
        RejectReason.Unsupported => "unsupported",
        RejectReason.NotMember => "not_member",
        RejectReason.NotAdmin => "not_admin",
        RejectReason.NonceTooLow => "nonce_too_low",
        RejectReason.NonceTooHigh => "nonce_too_high",
        RejectReason.NonceTaken => "nonce_taken",
        RejectReason.GasLimitTooLow => "gas_limit_too_low",
        RejectReason.InsufficientBalance => "insufficient_balance",
        RejectReason.Duplicate => "duplicate",
        RejectReason.MempoolFull => "mempool_full",
        RejectReason.RateLimited => "rate_limited",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}
