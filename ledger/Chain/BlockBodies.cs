using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Storage;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// Block bodies by height, in the chain's store. At or below the head a body is committed (its
/// certificate is a separate record); above it, a body is a prepared candidate that consensus
/// stored with its votes, which a later candidate may replace. Storing the candidate is what
/// lets the commit add only the certificate instead of writing the body a second time.
/// Not thread-safe: the consensus thread is the only writer.
/// </summary>
public sealed class BlockBodies(IKeyValueStore store)
{
    // Candidates this process stored above the head, by height: a commit of the same block skips its body.
    private readonly Dictionary<ulong, Hash32> _storedCandidates = [];

    /// <summary>
    /// Adds each body above <paramref name="headHeight"/> to <paramref name="batch"/> (a batch of
    /// any key space of the chain's store). Returns those added: pass them to
    /// <see cref="CandidatesWritten"/> once the batch is durable.
    /// </summary>
    public IReadOnlyList<DecodedBlock> AddCandidates(IWriteBatch batch, IReadOnlyList<DecodedBlock> bodies, ulong headHeight)
    {
        var added = new List<DecodedBlock>(bodies.Count);
        var view = store.Join(batch);
        foreach (var body in bodies)
        {
            if (body.Height <= headHeight)
                continue;
            Put(view, body);
            added.Add(body);
        }
        return added;
    }

    public void CandidatesWritten(IReadOnlyList<DecodedBlock> written)
    {
        foreach (var body in written)
            _storedCandidates[body.Height] = body.Hash;
    }

    /// <summary>The body stored at <paramref name="height"/>, committed or candidate, or null.</summary>
    public Block? Read(ulong height) =>
        store.Get(StoreKeys.Body(height)) is { } bytes ? StoredRecord.Parse(Block.Parser, bytes, "block", height) : null;

    // The committing block's body, unless this process already stored the same block as a candidate.
    internal void AddCommitted(IWriteBatch batch, DecodedBlock block)
    {
        if (!(_storedCandidates.TryGetValue(block.Height, out var candidate) && candidate == block.Hash))
            Put(batch, block);
    }

    internal static void AddGenesis(IWriteBatch batch, DecodedBlock genesis) => Put(batch, genesis);

    internal void Committed(ulong height) => _storedCandidates.Remove(height);

    private static void Put(IWriteBatch batch, DecodedBlock body) =>
        MessageEncoding.WithEncoded(body.Block, (batch, key: StoreKeys.Body(body.Height)), PutEncoded);

    // The batch copies the bytes, so the encoding can live in a pooled buffer.
    private static bool PutEncoded(ReadOnlySpan<byte> encoded, (IWriteBatch Batch, byte[] Key) target)
    {
        target.Batch.Put(target.Key, encoded);
        return true;
    }
}
