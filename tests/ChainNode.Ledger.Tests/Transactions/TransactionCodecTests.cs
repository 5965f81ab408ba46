using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Ledger.Tests.Transactions;

[TestClass]
public sealed class TransactionCodecTests
{
    private static readonly TestNetwork Network = new();

    private static SignedTx ValidTx() => new TransferFactory(Network).Transfer(0, 1, 5);

    private static TxRejectReason Reject(byte[] encoded, string chainId = TestNetwork.ChainId) =>
        Assert.ThrowsExactly<InvalidTransactionException>(() => TransactionCodec.Decode(encoded, chainId)).Reason;

    [TestMethod]
    public void A_valid_tx_decodes_with_its_hash_and_sender()
    {
        var tx = ValidTx();
        var verified = TransactionCodec.Decode(tx.ToByteArray(), TestNetwork.ChainId);
        Assert.AreEqual(Hash32.Compute(tx.Body.Span), verified.Hash);
        Assert.AreEqual(Network.MemberKeys[0].Address, verified.SenderAddress);
        Assert.AreEqual(5UL, verified.Body.Transfer.Amount);
    }

    [TestMethod]
    public void Each_defect_has_its_own_reason()
    {
        var tx = ValidTx();
        Assert.AreEqual(TxRejectReason.Malformed, Reject([0xff, 0xff, 0xff]));
        Assert.AreEqual(TxRejectReason.WrongChainId, Reject(tx.ToByteArray(), "other-chain"));
        Assert.AreEqual(TxRejectReason.TooLarge, Reject(new byte[TransactionCodec.MaxEncodedSize + 1]));

        var tampered = tx.Clone();
        var body = TxBody.Parser.ParseFrom(tampered.Body);
        body.Transfer.Amount = 500;
        tampered.Body = body.ToByteString();
        Assert.AreEqual(TxRejectReason.BadSignature, Reject(tampered.ToByteArray()));

        var shortSig = tx.Clone();
        shortSig.Signature = ByteString.CopyFrom(tx.Signature.Span[..63]);
        Assert.AreEqual(TxRejectReason.BadSignature, Reject(shortSig.ToByteArray()));

        var badKey = TxBody.Parser.ParseFrom(tx.Body);
        badKey.SenderPublicKey = ByteString.CopyFrom(new byte[33]);
        Assert.AreEqual(TxRejectReason.BadPublicKey, Reject(new SignedTx { Body = badKey.ToByteString(), Signature = tx.Signature }.ToByteArray()));

        var noPayload = TxBody.Parser.ParseFrom(tx.Body);
        noPayload.ClearPayload();
        Assert.AreEqual(TxRejectReason.Malformed, Reject(new SignedTx { Body = noPayload.ToByteString(), Signature = tx.Signature }.ToByteArray()));
    }

    [TestMethod]
    public void Signing_with_a_key_other_than_the_sender_is_refused()
    {
        var body = TxBody.Parser.ParseFrom(ValidTx().Body);
        Assert.ThrowsExactly<ArgumentException>(() => TransactionCodec.Sign(body, Network.MemberKeys[1]));
    }
}
