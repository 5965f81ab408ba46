using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Ledger.Transactions;

/// <summary>
/// Builds and checks signed transactions; how a tx is signed and hashed is <see cref="TxSigning"/>'s
/// rule (in the model, shared with the wallet).
/// </summary>
public static class TransactionCodec
{
    /// <summary>Largest encoded SignedTx accepted anywhere (contract code included).</summary>
    public const int MaxEncodedSize = 128 * 1024;

    public static SignedTx Sign(TxBody body, PrivateKey key) => TxSigning.Sign(body, key);

    public static Hash32 HashOf(SignedTx tx) => TxSigning.HashOf(tx);

    /// <summary>Decodes and checks a wire-encoded SignedTx; every failure names its reason.</summary>
    public static VerifiedTransaction Decode(ReadOnlySpan<byte> encoded, string chainId)
    {
        if (encoded.Length > MaxEncodedSize)
            throw new InvalidTransactionException(TxRejectReason.TooLarge, $"Transaction is {encoded.Length} bytes; the limit is {MaxEncodedSize}.");
        SignedTx tx;
        try
        {
            tx = SignedTx.Parser.ParseFrom(encoded);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidTransactionException(TxRejectReason.Malformed, $"Transaction is not a valid SignedTx encoding: {e.Message}");
        }
        return Verify(tx, chainId);
    }

    /// <summary>Checks body encoding, chain id, sender key and signature.</summary>
    public static VerifiedTransaction Verify(SignedTx tx, string chainId) => Verify(tx, chainId, HashOf(tx));

    /// <summary><see cref="Verify(SignedTx, string)"/> for a caller that already holds <see cref="HashOf"/> of this tx.</summary>
    public static VerifiedTransaction Verify(SignedTx tx, string chainId, Hash32 hash) => VerifySignature(Parse(tx, chainId, hash));

    /// <summary>
    /// Every check but the signature: size, body encoding, chain id, payload and sender key. A
    /// signature check costs far more than all of these, so a caller with cheaper reasons to
    /// refuse (a nonce already used, say) can apply them in between.
    /// </summary>
    public static ParsedTransaction Parse(SignedTx tx, string chainId, Hash32 hash)
    {
        if (tx.CalculateSize() > MaxEncodedSize)
            throw new InvalidTransactionException(TxRejectReason.TooLarge, $"Transaction is over the {MaxEncodedSize}-byte limit.");
        TxBody body;
        try
        {
            body = TxBody.Parser.ParseFrom(tx.Body.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidTransactionException(TxRejectReason.Malformed, $"Transaction body is not a valid TxBody encoding: {e.Message}");
        }
        if (body.ChainId != chainId)
            throw new InvalidTransactionException(TxRejectReason.WrongChainId, $"Transaction is for chain '{body.ChainId}', this is '{chainId}'.");
        if (body.PayloadCase == TxBody.PayloadOneofCase.None)
            throw new InvalidTransactionException(TxRejectReason.Malformed, "Transaction has no payload (transfer, deploy or call).");
        if (body.SenderPublicKey.Length != Secp256k1.CompressedPublicKeyLength)
            throw new InvalidTransactionException(TxRejectReason.BadPublicKey, $"sender_public_key must be 33 bytes compressed, got {body.SenderPublicKey.Length}.");
        PublicKey sender;
        try
        {
            sender = PublicKeyCache.Shared.Get(body.SenderPublicKey);
        }
        catch (FormatException e)
        {
            throw new InvalidTransactionException(TxRejectReason.BadPublicKey, e.Message);
        }
        return new ParsedTransaction(tx, body, hash, sender);
    }

    /// <summary>The signature check that turns a parsed tx into a verified one.</summary>
    public static VerifiedTransaction VerifySignature(ParsedTransaction parsed)
    {
        var signature = parsed.Tx.Signature;
        if (signature.Length != Secp256k1.SignatureLength)
            throw new InvalidTransactionException(TxRejectReason.BadSignature, $"Signature must be 64 bytes (compact r||s), got {signature.Length}.");
        if (!parsed.Sender.Verify(parsed.Hash, signature.Span))
            throw new InvalidTransactionException(TxRejectReason.BadSignature, "Signature does not verify for the sender's key (or is high-S).");
        return new VerifiedTransaction(parsed.Tx, parsed.Body, parsed.Hash, parsed.Sender);
    }
}
