using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Signing;

/// <summary>A validated public key of the chain's scheme that checks signatures under its rule (high S is invalid).</summary>
public interface IVerifyingKey
{
    /// <summary>The 33-byte compressed public key.</summary>
    ReadOnlySpan<byte> Span { get; }

    bool Verify(Hash32 digest, ReadOnlySpan<byte> signature);
}
