using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Transactions;

/// <summary>A transaction whose encoding, chain id and signature have been checked.</summary>
public sealed record VerifiedTransaction(SignedTx Tx, TxBody Body, Hash32 Hash, PublicKey Sender)
{
    public Address SenderAddress => Sender.Address;
}
