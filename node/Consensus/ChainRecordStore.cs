using ChainNode.Consensus.Hosting;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Storage;
using Google.Protobuf;

namespace ChainNode.Node.Consensus;

/// <summary>
/// The replica's records in the node's database: its own key space (<paramref name="store"/>),
/// written in synced batches that also store the prepared candidate bodies in the chain's
/// <see cref="BlockBodies"/>, so a commit of the same block adds only its certificate.
/// </summary>
public sealed class ChainRecordStore(IKeyValueStore store, ChainStore chain) : IConsensusRecordStore
{
    public ulong CommittedHeight => chain.Height;

    public IEnumerable<KeyValuePair<byte[], byte[]>> ReadRecords() => store.ScanPrefix([]);

    public void WriteRecords(IReadOnlyList<KeyValuePair<byte[], IMessage?>> records, IReadOnlyList<DecodedBlock> candidateBodies)
    {
        using var batch = store.CreateBatch();
        var stored = chain.Bodies.AddCandidates(batch, candidateBodies, chain.Height);
        foreach (var (key, value) in records)
        {
            if (value is null)
                batch.Delete(key);
            else
                MessageEncoding.WithEncoded(value, (batch, key), PutEncoded);
        }
        store.Write(batch, sync: true);
        chain.Bodies.CandidatesWritten(stored);
    }

    public Block? ReadStoredBody(ulong height) => chain.Bodies.Read(height);

    // The batch copies the bytes, so the encoding can live in a pooled buffer.
    private static bool PutEncoded(ReadOnlySpan<byte> encoded, (IWriteBatch Batch, byte[] Key) target)
    {
        target.Batch.Put(target.Key, encoded);
        return true;
    }
}
