using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Transactions;

/// <summary>
/// A transaction whose encoding, chain id and sender key have been checked, but not yet its
/// signature (see <see cref="TransactionCodec.VerifySignature"/>). Nothing it says may be trusted
/// beyond choosing to refuse it.
/// </summary>
public sealed record ParsedTransaction(SignedTx Tx, TxBody Body, Hash32 Hash, PublicKey Sender)
{
    public Address SenderAddress => Sender.Address;
}
