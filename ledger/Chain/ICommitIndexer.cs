using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Storage;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// Derived records kept beside the chain (an explorer's lookups, say) that plug into
/// <see cref="ChainStore"/>'s commits: they are written in
/// the block's own batch, so they never lag it and need no rebuild after a crash.
/// </summary>
public interface ICommitIndexer
{
    /// <summary>Adds this indexer's records for <paramref name="block"/> to <paramref name="batch"/> (join it to the indexer's own store).</summary>
    void AddWrites(IWriteBatch batch, CommittingBlock block);
}

/// <summary>A block about to be committed, with what the chain store already knows of it.</summary>
/// <param name="Executed">The block's txs as checked by execution, when at hand (null for a block committed from its state changes).</param>
public sealed record CommittingBlock(DecodedBlock Block, IReadOnlyList<Hash32> TxHashes, StateChanges Changes, CommitCertificate Certificate,
    ValidatorSet Validators, IReadOnlyList<VerifiedTransaction>? Executed);
