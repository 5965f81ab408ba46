using ChainNode.Consensus.Hosting;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using Google.Protobuf;

namespace ChainNode.Simulation;

/// <summary>
/// A simulated validator's disk for consensus records: the node's record layout
/// (<see cref="ConsensusStateStore"/>) kept in memory, surviving a simulated crash.
/// </summary>
public sealed class SimRecordStore(Func<ulong> committedHeight, Func<ulong, Block?> committedBody) : IConsensusRecordStore
{
    private readonly SortedDictionary<string, (byte[] Key, byte[] Value)> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, Block> _candidates = [];

    public ulong CommittedHeight => committedHeight();

    public int RecordCount => _records.Count;

    public IEnumerable<KeyValuePair<byte[], byte[]>> ReadRecords() =>
        _records.Values.Select(r => new KeyValuePair<byte[], byte[]>(r.Key, r.Value)).ToList();

    public void WriteRecords(IReadOnlyList<KeyValuePair<byte[], IMessage?>> records, IReadOnlyList<DecodedBlock> candidateBodies)
    {
        foreach (var body in candidateBodies)
        {
            if (body.Height > CommittedHeight)
                _candidates[body.Height] = body.Block;
        }
        foreach (var (key, value) in records)
        {
            var name = Convert.ToHexString(key);
            if (value is null)
                _records.Remove(name);
            else
                _records[name] = (key, value.ToByteArray());
        }
    }

    public Block? ReadStoredBody(ulong height) =>
        height <= CommittedHeight ? committedBody(height) : _candidates.GetValueOrDefault(height);
}
