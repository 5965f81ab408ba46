using ChainNode.Consensus.Hosting;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using Google.Protobuf;

namespace ChainNode.Node.Consensus;

/// <summary>The replica's records in the ledger's LevelDB, under the "mc/" prefix, written in synced batches.</summary>
public sealed class ChainRecordStore(ChainStore chain) : IConsensusRecordStore
{
    public ulong CommittedHeight => chain.Height;

    public IEnumerable<KeyValuePair<byte[], byte[]>> ReadRecords() => chain.ReadConsensusRecords();

    public void WriteRecords(IReadOnlyList<KeyValuePair<byte[], IMessage?>> records, IReadOnlyList<DecodedBlock> candidateBodies) =>
        chain.WriteConsensusRecords(records, candidateBodies);

    public Block? ReadStoredBody(ulong height) => chain.ReadStoredBody(height);
}
