using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Signing;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Ledger.Transactions;

/// <summary>
/// How a tx is signed and named: the signature covers SHA-256 of the exact TxBody bytes carried
/// in the SignedTx, and that digest is also the tx hash. Shared by the node and the wallet.
/// </summary>
public static class TxSigning
{
    public static SignedTx Sign(TxBody body, ISigningKey key)
    {
        if (!body.SenderPublicKey.Span.SequenceEqual(key.PublicKeyBytes))
            throw new ArgumentException("The body's sender_public_key is not the signing key's public key.", nameof(body));
        var bytes = body.ToByteString();
        var signature = key.Sign(Hash32.Compute(bytes.Span));
        return new SignedTx { Body = bytes, Signature = ByteString.CopyFrom(signature) };
    }

    public static Hash32 HashOf(SignedTx tx) => Hash32.Compute(tx.Body.Span);
}
