using System.Buffers.Binary;
using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Chain;
using Google.Protobuf;

namespace ChainNode.Node.Consensus;

/// <summary>
/// Keeps the replica's persisted state in the ledger's LevelDB as separate records, so each
/// Ready writes only what changed (one synced batch) instead of rewriting every prepared block:
/// "m" holds the view, the stable checkpoint and our recent VIEW-CHANGEs; "v" + height + view +
/// kind one vote; "p" + height one prepared certificate. Pruning deletes records at or below a height.
/// Used only by the consensus loop's thread.
/// </summary>
public sealed class ConsensusStateStore(ChainStore chain)
{
    private const byte MetaTag = (byte)'m';
    private const byte VoteTag = (byte)'v';
    private const byte PreparedTag = (byte)'p';
    private readonly ReplicaState _meta = new();
    private readonly SortedDictionary<ulong, HashSet<byte[]>> _keysByHeight = [];

    /// <summary>The state to restart the replica from, or null if it never persisted anything.</summary>
    public ReplicaState? Load()
    {
        var state = new ReplicaState();
        var any = false;
        foreach (var (key, value) in chain.ReadConsensusRecords())
        {
            any = true;
            try
            {
                switch (key[0])
                {
                    case MetaTag:
                        _meta.MergeFrom(value);
                        break;
                    case VoteTag:
                        state.Votes.Add(Vote.Parser.ParseFrom(value));
                        Track(HeightOf(key), key);
                        break;
                    case PreparedTag:
                        state.Prepared.Add(PreparedCertificate.Parser.ParseFrom(value));
                        Track(HeightOf(key), key);
                        break;
                }
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new LedgerCorruptException($"A stored consensus record is unreadable: {e.Message}", e);
            }
        }
        if (!any)
            return null;
        state.View = _meta.View;
        state.ViewActive = _meta.ViewActive;
        state.StableCheckpoint = _meta.StableCheckpoint;
        state.OwnViewChanges.AddRange(_meta.OwnViewChanges);
        return state;
    }

    public void Apply(PersistentChanges changes)
    {
        var records = new List<KeyValuePair<byte[], IMessage?>>();
        foreach (var vote in changes.Votes)
            records.Add(Put(Key(VoteTag, vote.Height, vote.View, (byte)vote.Kind), vote));
        foreach (var certificate in changes.Prepared)
            records.Add(Put(Key(PreparedTag, certificate.Height), certificate));

        // The meta record: fold the view-level changes, keeping votes and certificates out of it.
        ReplicaStateStore.Apply(_meta, changes);
        _meta.Votes.Clear();
        _meta.Prepared.Clear();
        records.Add(new(Key(MetaTag), _meta)); // encoded before Apply returns

        // Deletes come after the puts, so a record pruned in the same Ready stays deleted.
        if (changes.PruneAtOrBelow > 0)
        {
            foreach (var height in _keysByHeight.Keys.TakeWhile(h => h <= changes.PruneAtOrBelow).ToList())
            {
                records.AddRange(_keysByHeight[height].Select(key => new KeyValuePair<byte[], IMessage?>(key, null)));
                _keysByHeight.Remove(height);
            }
        }
        chain.WriteConsensusRecords(records);
    }

    private KeyValuePair<byte[], IMessage?> Put(byte[] key, IMessage value)
    {
        Track(HeightOf(key), key);
        return new(key, value);
    }

    private void Track(ulong height, byte[] key)
    {
        if (!_keysByHeight.TryGetValue(height, out var keys))
            _keysByHeight[height] = keys = new HashSet<byte[]>(Ledger.Storage.ByteKeyComparer.Instance);
        keys.Add(key);
    }

    private static ulong HeightOf(byte[] key) => BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(1));

    private static byte[] Key(byte tag) => [tag];

    private static byte[] Key(byte tag, ulong height)
    {
        var key = new byte[9];
        key[0] = tag;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), height);
        return key;
    }

    private static byte[] Key(byte tag, ulong height, ulong view, byte kind)
    {
        var key = new byte[18];
        key[0] = tag;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), height);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(9), view);
        key[17] = kind;
        return key;
    }
}
