using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Signing;

/// <summary>
/// A private key of the chain's scheme (<see cref="SignatureFormat"/>): the node's is native
/// libsecp256k1, the wallet's is managed; both sign the same digest to the same bytes.
/// </summary>
public interface ISigningKey
{
    /// <summary>The 33-byte compressed public key.</summary>
    ReadOnlySpan<byte> PublicKeyBytes { get; }

    /// <summary>A 64-byte compact r||s signature; deterministic (RFC 6979) and low-S.</summary>
    byte[] Sign(Hash32 digest);
}
