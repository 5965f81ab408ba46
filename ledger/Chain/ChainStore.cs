using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Storage;
using Google.Protobuf;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// The append-only ledger: finalized blocks with their certificates, state (where each tx's
/// receipt also says where the tx lives) and the head. Blocks are only ever appended by
/// <c>Commit</c>, which writes everything for a height in one synced batch; there is
/// no way to overwrite or delete a committed block.
/// A block's body (<see cref="Bodies"/>) and its commit certificate are separate records, so that
/// consensus can store a prepared block's body once, above the head, and the commit need only add
/// the certificate; a height is committed when its certificate is written, at or below the head.
/// Derived records (<see cref="ICommitIndexer"/>) join the commit's batch.
/// The store it is given is the chain's own key space; the composition root opens the engine.
/// Not thread-safe for writers: one committer at a time.
/// </summary>
public sealed class ChainStore : IDisposable
{
    /// <summary>The chain's record layout. A change comes with a migration (see <c>ledger/Database</c>) and a test that opens the previous one.</summary>
    public const string CurrentSchemaVersion = "4";

    private readonly IKeyValueStore _store;
    private readonly GenesisConfig _genesis;
    private readonly IReadOnlyList<ICommitIndexer> _indexers;
    private readonly RecentBlockCache _recentBlocks = new(capacity: 16);
    private DecodedBlock _headBlock;

    private ChainStore(IKeyValueStore store, GenesisConfig genesis, Hash32 genesisHash, ChainHead head, DecodedBlock headBlock, IReadOnlyList<ICommitIndexer> indexers)
    {
        _store = store;
        _genesis = genesis;
        _indexers = indexers;
        GenesisHash = genesisHash;
        Head = head;
        _headBlock = headBlock;
        State = new StateReader(store);
        Bodies = new BlockBodies(store);
    }

    private readonly EpochCache _epochs = new();

    public ChainHead Head { get; private set; }

    public ulong Height => Head.Height;

    public GenesisConfig Genesis => _genesis;

    /// <summary>Hash of block 0: names this chain, and every consensus signature covers it.</summary>
    public Hash32 GenesisHash { get; }

    public StateReader State { get; }

    public DecodedBlock HeadBlock => _headBlock;

    /// <summary>Consensus signatures found valid: consensus checks each COMMIT into it, so the commit does not check it again.</summary>
    public VerifiedSignatures Signatures { get; } = new();

    /// <summary>Block bodies by height: committed ones, and the candidates consensus prepared above the head.</summary>
    public BlockBodies Bodies { get; }

    /// <summary>
    /// Opens a ledger over <paramref name="store"/>, taking ownership of it. An empty store is
    /// initialized with the genesis block when <paramref name="initializeIfEmpty"/>; a store with
    /// data is checked (schema, genesis, head) and never silently reset. Each of
    /// <paramref name="indexers"/> adds its records to every commit's batch.
    /// </summary>
    public static ChainStore Open(IKeyValueStore store, GenesisConfig genesis, bool initializeIfEmpty, IReadOnlyList<ICommitIndexer>? indexers = null)
    {
        var (genesisBlock, genesisState) = GenesisBlock.Create(genesis);
        var schema = store.Get(StoreKeys.SchemaVersion) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
        if (schema is null)
        {
            if (store.ScanPrefix([]).Any())
                throw new LedgerCorruptException("The database holds data but no ledger schema record: it is half-written or not a ChainNode ledger.");
            if (!initializeIfEmpty)
                throw new LedgerCorruptException("The database is empty: no ledger has been initialized here.");
            WriteGenesis(store, genesisBlock, genesisState);
        }
        else if (schema != CurrentSchemaVersion)
        {
            throw new LedgerCorruptException($"The ledger uses schema version '{schema}'; this build reads version {CurrentSchemaVersion} (older layouts are migrated when the database is opened).");
        }

        var storedGenesis = store.Get(StoreKeys.GenesisHash);
        if (storedGenesis is null || !storedGenesis.AsSpan().SequenceEqual(genesisBlock.Hash.Span))
            throw new LedgerCorruptException(storedGenesis is null
                ? "The ledger has no genesis record: it is half-written."
                : $"The ledger belongs to a different chain: its genesis block is {Convert.ToHexStringLower(storedGenesis)}, but this genesis file gives {genesisBlock.Hash}.");

        var (head, headBlock) = CheckHead(store, genesis, genesisBlock.Hash);
        return new ChainStore(store, genesis, genesisBlock.Hash, head, headBlock, indexers ?? []);
    }

    private static void WriteGenesis(IKeyValueStore store, DecodedBlock block, StateChanges state)
    {
        using var batch = store.CreateBatch();
        batch.Put(StoreKeys.SchemaVersion, System.Text.Encoding.UTF8.GetBytes(CurrentSchemaVersion));
        batch.Put(StoreKeys.GenesisHash, block.Hash.Span);
        BlockBodies.AddGenesis(batch, block);
        AddBlockWrites(batch, block, new CommitCertificate(), state);
        store.Write(batch, sync: true);
    }

    // The head must point at a stored, intact block, and nothing may lie beyond it.
    private static (ChainHead, DecodedBlock) CheckHead(IKeyValueStore store, GenesisConfig genesis, Hash32 genesisHash)
    {
        var headBytes = store.Get(StoreKeys.Head) ?? throw new LedgerCorruptException("The ledger has no head record: it is half-written.");
        var head = StoredRecord.Parse(ChainHead.Parser, headBytes, "head record");
        if (head.BlockHash.Length != Hash32.Length || head.StateRoot.Length != Hash32.Length)
            throw new LedgerCorruptException($"The head record is damaged: its block hash is {head.BlockHash.Length} bytes and its state root {head.StateRoot.Length} bytes, not {Hash32.Length}.");
        var finalized = ReadFinalized(store, head.Height)
            ?? throw new LedgerCorruptException($"The head names height {head.Height}, but block {head.Height} is missing.");
        var block = Decode(finalized, head.Height);
        if (block.Height != head.Height)
            throw new LedgerCorruptException($"The block stored at height {head.Height} says it is height {block.Height}.");
        if (!block.Hash.Span.SequenceEqual(head.BlockHash.Span))
            throw new LedgerCorruptException($"Block {head.Height} has hash {block.Hash}, but the head record says {Convert.ToHexStringLower(head.BlockHash.Span)}.");
        if (!block.Header.StateRoot.Span.SequenceEqual(head.StateRoot.Span))
            throw new LedgerCorruptException($"Block {head.Height}'s state root does not match the head record.");
        // The set that certified the head is the one in force at its height, as the stored state schedules it.
        if (head.Height > 0 && CertificateVerifier.FindProblem(finalized.Certificate, genesisHash, head.Height, block.Hash,
                new StateReader(store, capacity: 16).EpochAt(head.Height).Validators) is { } problem)
            throw new LedgerCorruptException($"Block {head.Height}'s commit certificate is invalid: {problem}.");
        if (IsCommitted(store, head.Height + 1))
            throw new LedgerCorruptException($"Block {head.Height + 1} is stored beyond the head at {head.Height}.");
        return (head, block);
    }

    /// <summary>
    /// Appends block Head+1 with its certificate and state changes in one synced batch. The block
    /// must link to the head, its tx root and certificate must check out, and its state root
    /// must equal the root those state changes produce.
    /// </summary>
    public void Commit(FinalizedBlock finalized, StateChanges changes)
    {
        var height = Head.Height + 1;
        if (finalized.Block is null)
            throw new BlockRejectedException(height, "the finalized block holds no block");
        DecodedBlock block;
        try
        {
            block = DecodedBlock.From(finalized.Block);
        }
        catch (FormatException e)
        {
            throw new BlockRejectedException(height, e.Message);
        }
        CommitChecked(block, finalized.Certificate, ExecutionResult.Over(new Hash32(Head.StateRoot.Span), changes, []), executedHere: false);
    }

    /// <summary>
    /// <see cref="Commit(FinalizedBlock, StateChanges)"/> for a block this node has decoded and
    /// executed: the tx hashes, tx root and state root already computed are reused, not redone.
    /// </summary>
    public void Commit(DecodedBlock block, CommitCertificate certificate, ExecutionResult executed) =>
        CommitChecked(block, certificate, executed, executedHere: true);

    private void CommitChecked(DecodedBlock block, CommitCertificate certificate, ExecutionResult executed, bool executedHere)
    {
        var height = Head.Height + 1;
        if (BlockHeaderRules.FindProblem(block, _headBlock, _genesis.ChainId) is { } problem)
            throw new BlockRejectedException(height, problem);
        if (!executed.ParentStateRoot.Span.SequenceEqual(Head.StateRoot.Span))
            throw new BlockRejectedException(height, $"it was executed on state {executed.ParentStateRoot}, but the head's state is {Convert.ToHexStringLower(Head.StateRoot.Span)}");
        if (executed.StateRootProblem(block.Header) is { } stateProblem)
            throw new BlockRejectedException(height, stateProblem, stateRootDiffers: true);
        // The set in force at this height, as the committed state (the parent's) schedules it.
        var validators = EpochAt(height).Validators;
        if (CertificateVerifier.FindProblem(certificate, GenesisHash, height, block.Hash, validators, Signatures) is { } certProblem)
            throw new BlockRejectedException(height, certProblem);
        var txHashes = block.TxHashes;
        if (FindRepeatedTransaction(txHashes, searchChain: !executedHere) is { } repeated)
            throw new BlockRejectedException(height, repeated);
        if (IsCommitted(_store, height))
            throw new LedgerCorruptException($"Block {height} already exists beyond the head; refusing to overwrite it.");

        using var batch = _store.CreateBatch();
        Bodies.AddCommitted(batch, block);
        var head = AddBlockWrites(batch, block, certificate, executed.Changes);
        if (_indexers.Count > 0)
        {
            var committing = new CommittingBlock(block, txHashes, executed.Changes, certificate, validators, executed.Transactions);
            foreach (var indexer in _indexers)
                indexer.AddWrites(batch, committing);
        }
        _store.Write(batch, sync: true);
        Bodies.Committed(height);
        Head = head;
        _headBlock = block;
        State.Update(executed.Changes);
    }

    // A height is committed once its certificate is written.
    private static bool IsCommitted(IKeyValueStore store, ulong height) => store.Contains(StoreKeys.Certificate(height));

    // A tx may appear once in the whole chain, and its receipt (one per hash) depends on it. A
    // block executed here on the head's state already proves it: each tx ran at its sender's
    // current nonce, and an earlier copy would have used that nonce up. Changes that arrive
    // without that proof are checked against the stored receipts (one read per tx).
    private string? FindRepeatedTransaction(IReadOnlyList<Hash32> txHashes, bool searchChain)
    {
        var seen = new HashSet<Hash32>(txHashes.Count);
        foreach (var hash in txHashes)
        {
            if (!seen.Add(hash))
                return $"tx {hash} appears twice in the block";
            if (searchChain && GetTxLocation(hash) is { } earlier)
                return $"tx {hash} is already in block {earlier.Height}";
        }
        return null;
    }

    private static ChainHead AddBlockWrites(IWriteBatch batch, DecodedBlock block, CommitCertificate certificate, StateChanges changes)
    {
        var height = block.Height;
        batch.Put(StoreKeys.Certificate(height), certificate.ToByteArray());
        batch.Put(StoreKeys.BlockHash(block.Hash), StoreKeys.EncodeHeight(height));
        // In key order: LevelDB inserts each entry into a skip list, and neighbours inserted one
        // after another find their place through memory still cached.
        foreach (var (key, value) in changes.InKeyOrder)
        {
            if (value is null)
                batch.Delete(StoreKeys.State(key));
            else
                batch.Put(StoreKeys.State(key), value);
        }
        var head = new ChainHead { Height = height, BlockHash = block.Hash.ToByteString(), StateRoot = block.Header.StateRoot };
        batch.Put(StoreKeys.Head, head.ToByteArray());
        return head;
    }

    /// <summary>The committed block at <paramref name="height"/>, or null above the head. Read-only: recent blocks are shared between callers.</summary>
    public FinalizedBlock? GetFinalizedBlock(ulong height) =>
        height > Head.Height ? null : _recentBlocks.GetOrRead(height, h => ReadFinalized(_store, h));

    public DecodedBlock? GetBlock(ulong height) => GetFinalizedBlock(height) is { } f ? Decode(f, height) : null;

    public ulong? GetHeight(Hash32 blockHash) =>
        _store.Get(StoreKeys.BlockHash(blockHash)) is { Length: 8 } h ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(h) : null;

    /// <summary>Where a committed tx lives, from its receipt (every tx in a block has one); null if it is not committed.</summary>
    public TxLocation? GetTxLocation(Hash32 txHash) =>
        State.ReadReceipt(txHash) is { } receipt ? new TxLocation { Height = receipt.Height, Index = receipt.Index } : null;

    private static FinalizedBlock? ReadFinalized(IKeyValueStore store, ulong height)
    {
        if (store.Get(StoreKeys.Certificate(height)) is not { } certificate)
            return null;
        var body = store.Get(StoreKeys.Body(height))
            ?? throw new LedgerCorruptException($"Block {height} has a commit certificate but no body.");
        return new FinalizedBlock
        {
            Block = StoredRecord.Parse(Block.Parser, body, "block", height),
            Certificate = StoredRecord.Parse(CommitCertificate.Parser, certificate, "certificate of block", height),
        };
    }

    private static DecodedBlock Decode(FinalizedBlock finalized, ulong height)
    {
        if (finalized.Block is null)
            throw new LedgerCorruptException($"Block {height} record has no block.");
        try
        {
            return DecodedBlock.From(finalized.Block);
        }
        catch (FormatException e)
        {
            throw new LedgerCorruptException($"Block {height}: {e.Message}", e);
        }
    }

    /// <summary>The validator epoch in force at <paramref name="height"/> (at most the head + 2), as the committed state schedules it.</summary>
    public ValidatorEpoch EpochAt(ulong height) => _epochs.At(State, height);

    public void Dispose() => _store.Dispose();
}
