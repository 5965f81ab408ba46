using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Testing;

/// <summary>
/// Builds blocks by really executing their txs (governance included) on top of a
/// <see cref="ChainStore"/>, and commits them with a certificate signed by the keys given, or
/// by the set in force at the block's height as the chain schedules it.
/// </summary>
public sealed class ExecutingChainBuilder(ChainStore chain, IEnumerable<PrivateKey> knownValidatorKeys)
{
    private readonly TransactionExecutor _executor = new(NoContractRuntime.Instance);
    private readonly List<PrivateKey> _keys = [.. knownValidatorKeys];

    /// <summary>Makes a key the builder may sign certificates with (a validator added by governance).</summary>
    public void Know(PrivateKey key) => _keys.Add(key);

    /// <summary>Executes <paramref name="txs"/> as block Head+1 and builds it, uncommitted; every tx must be applicable.</summary>
    public (DecodedBlock Block, ExecutionResult Result) Build(IReadOnlyList<SignedTx> txs)
    {
        var parent = chain.HeadBlock;
        var height = parent.Height + 1;
        var epoch = chain.State.EpochAt(height);
        var proposer = epoch.Validators[0].Address;
        var context = new BlockContext(height, parent.Header.TimestampMs + 500, proposer, epoch.Parameters.GasPrice);
        var verified = txs.Select(t => TransactionCodec.Verify(t, chain.Genesis.ChainId)).ToList();
        var built = new BlockBuilder(_executor).Build(verified, context, chain.State, new Hash32(chain.Head.StateRoot.Span), int.MaxValue, int.MaxValue);
        if (built.Skipped.Count > 0)
            throw new InvalidOperationException($"tx {built.Skipped[0].Tx.Hash} is inapplicable: {built.Skipped[0].Why.Message}");
        var block = DecodedBlock.Create(new BlockHeader
        {
            ChainId = chain.Genesis.ChainId,
            Height = height,
            PreviousHash = parent.Hash.ToByteString(),
            TxRoot = DecodedBlock.ComputeTxRoot(built.Txs).ToByteString(),
            StateRoot = built.Result.StateRoot.ToByteString(),
            Proposer = proposer.ToByteString(),
            TimestampMs = parent.Header.TimestampMs + 500,
        }, built.Txs);
        return (block, built.Result);
    }

    /// <summary>Builds, certifies by the set in force at its height, and commits block Head+1; returns its receipts.</summary>
    public IReadOnlyList<Receipt> Commit(params SignedTx[] txs)
    {
        var (block, result) = Build(txs);
        chain.Commit(block, Certify(block, chain.State.EpochAt(block.Height).Validators), result);
        return result.Receipts;
    }

    /// <summary>A certificate for <paramref name="block"/> signed by a quorum of <paramref name="set"/>, whose keys this builder must know.</summary>
    public CommitCertificate Certify(DecodedBlock block, ValidatorSet set)
    {
        var digest = CommitDigest.For(chain.GenesisHash, block.Height, 0, block.Hash);
        var certificate = new CommitCertificate { BlockHash = block.Hash.ToByteString(), View = 0 };
        foreach (var validator in set.Validators.Take(set.QuorumSize))
        {
            var key = _keys.First(k => k.PublicKey.Equals(validator.PublicKey));
            certificate.Signatures.Add(new ValidatorSignature { ValidatorIndex = (uint)validator.Index, Signature = ByteString.CopyFrom(key.Sign(digest)) });
        }
        return certificate;
    }
}
