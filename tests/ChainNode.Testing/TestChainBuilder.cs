using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Testing;

/// <summary>
/// Produces valid finalized blocks of signed transfers on top of a <see cref="ChainStore"/>:
/// applies the transfers to state, computes the roots and signs a commit certificate with a
/// quorum of the network's validators. A stand-in for consensus plus execution in ledger tests.
/// </summary>
public sealed class TestChainBuilder(TestNetwork network, ChainStore chain)
{
    /// <summary>Signs the transfers that go into the blocks this builder makes.</summary>
    public TransferFactory Txs { get; } = new(network);

    /// <summary>Builds block Head+1 holding <paramref name="txs"/>, without committing it.</summary>
    public (FinalizedBlock Block, StateChanges Changes) Next(IReadOnlyList<SignedTx> txs, int signers = -1)
    {
        var parent = chain.HeadBlock;
        var changes = ApplyTransfers(txs, parent.Height + 1);
        var view = parent.Header.View;
        var header = new BlockHeader
        {
            ChainId = network.Genesis.ChainId,
            Height = parent.Height + 1,
            PreviousHash = parent.Hash.ToByteString(),
            TxRoot = DecodedBlock.ComputeTxRoot(txs).ToByteString(),
            StateRoot = StateRoot.Next(new Hash32(chain.Head.StateRoot.Span), changes).ToByteString(),
            Proposer = network.ValidatorKeys[Quorum.PrimaryOf(view, network.ValidatorKeys.Count)].Address.ToByteString(),
            TimestampMs = parent.Header.TimestampMs + 500,
            View = view,
        };
        var block = DecodedBlock.Create(header, txs);
        return (new FinalizedBlock { Block = block.Block, Certificate = Certify(block.Height, block.Hash, view, signers) }, changes);
    }

    /// <summary>Builds and commits <paramref name="blocks"/> blocks of <paramref name="txsPerBlock"/> transfers.</summary>
    public void Extend(int blocks, int txsPerBlock)
    {
        for (var i = 0; i < blocks; i++)
        {
            var (block, changes) = Next(Txs.Transfers(txsPerBlock));
            chain.Commit(block, changes);
        }
    }

    public CommitCertificate Certify(ulong height, Hash32 blockHash, ulong view, int signers = -1)
    {
        var count = signers < 0 ? network.Genesis.Validators.QuorumSize : signers;
        var digest = CommitDigest.For(chain.GenesisHash, height, view, blockHash);
        var certificate = new CommitCertificate { BlockHash = blockHash.ToByteString(), View = view };
        for (var i = 0; i < count; i++)
        {
            certificate.Signatures.Add(new ValidatorSignature
            {
                ValidatorIndex = (uint)i,
                Signature = ByteString.CopyFrom(network.ValidatorKeys[i].Sign(digest)),
            });
        }
        return certificate;
    }

    // Writes what execution writes for a successful transfer: both accounts and the receipt
    // (which is also how the ledger finds a tx by hash).
    private StateChanges ApplyTransfers(IReadOnlyList<SignedTx> txs, ulong height)
    {
        var accounts = new Dictionary<Address, Account>();
        Account Load(Address a)
        {
            if (!accounts.TryGetValue(a, out var account))
                accounts[a] = account = chain.State.GetAccount(a) ?? new Account();
            return account;
        }
        foreach (var tx in txs)
        {
            var body = TxBody.Parser.ParseFrom(tx.Body);
            var sender = Load(Address.FromPublicKey(body.SenderPublicKey.Span));
            var receiver = Load(new Address(body.Transfer.To.Span));
            sender.Balance -= body.Transfer.Amount;
            sender.Nonce++;
            receiver.Balance += body.Transfer.Amount;
        }
        var changes = new StateChanges();
        for (var i = 0; i < txs.Count; i++)
        {
            var hash = TransactionCodec.HashOf(txs[i]);
            var receipt = new Receipt { TxHash = hash.ToByteString(), Height = height, Index = (uint)i, Status = ReceiptStatus.Success, GasUsed = GasSchedule.Transfer };
            changes.Set(StateKeys.Receipt(hash), receipt.ToByteArray());
        }
        foreach (var (address, account) in accounts)
            changes.Set(StateKeys.Account(address), account.ToByteArray());
        return changes;
    }
}
