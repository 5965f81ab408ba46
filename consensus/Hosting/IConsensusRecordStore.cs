using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using Google.Protobuf;

namespace ChainNode.Consensus.Hosting;

/// <summary>
/// Where <see cref="ConsensusStateStore"/> keeps its records: the node's ledger database, or the
/// simulator's memory. Writes must be durable when <see cref="WriteRecords"/> returns.
/// </summary>
public interface IConsensusRecordStore
{
    ulong CommittedHeight { get; }

    IEnumerable<KeyValuePair<byte[], byte[]>> ReadRecords();

    /// <summary>Writes (null: deletes) records and stores each candidate body at its height unless that height is committed, in one durable batch.</summary>
    void WriteRecords(IReadOnlyList<KeyValuePair<byte[], IMessage?>> records, IReadOnlyList<DecodedBlock> candidateBodies);

    /// <summary>The committed block at <paramref name="height"/>, or the latest candidate stored there above the head, or null.</summary>
    Block? ReadStoredBody(ulong height);
}

/// <summary>A persisted consensus record cannot be read: the store is damaged.</summary>
public sealed class ConsensusStateCorruptException(string message, Exception? inner = null) : Exception(message, inner);
