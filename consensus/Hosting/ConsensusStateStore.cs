using System.Buffers.Binary;
using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Consensus.Hosting;

/// <summary>
/// Keeps the replica's persisted state as separate records in a record store (the node's
/// LevelDB, the simulator's memory: one encoding for both), so each
/// Ready writes only what changed (one synced batch) instead of rewriting every prepared block:
/// "m" holds the view and the stable checkpoint;
/// "w" + view one of our recent VIEW-CHANGEs, written once (each carries every prepared block,
/// so the record rewritten by every write must not); "v" + height + view +
/// kind one vote; "q" + height one prepared certificate, whose block body goes to the ledger's
/// record for that height in the same batch, so the commit does not write the block a second
/// time. Pruning deletes records at or below a height.
/// The meta record names the epoch: a state written in another epoch is not restored.
/// Used only by the consensus loop's thread.
/// </summary>
public sealed class ConsensusStateStore(IConsensusRecordStore chain)
{
    private const byte MetaTag = (byte)'m';
    private const byte VoteTag = (byte)'v';
    private const byte PreparedTag = (byte)'q';
    private const byte OwnViewChangeTag = (byte)'w';
    private const int OwnViewChangesKept = 4;
    private static readonly IEqualityComparer<byte[]> KeyComparer = EqualityComparer<byte[]>.Create(
        (a, b) => a.AsSpan().SequenceEqual(b), key =>
        {
            var hash = new HashCode();
            hash.AddBytes(key);
            return hash.ToHashCode();
        });
    private readonly ReplicaState _meta = new();
    private readonly SortedDictionary<ulong, HashSet<byte[]>> _keysByHeight = [];
    private readonly SortedDictionary<ulong, SignedMessage> _ownViewChanges = [];
    private readonly List<byte[]> _stale = [];

    /// <summary>
    /// The state to restart the replica of epoch <paramref name="epoch"/> from, or null if it
    /// persisted nothing in that epoch. Another epoch's records are deleted by the next write.
    /// </summary>
    public ReplicaState? Load(ulong epoch)
    {
        var state = new ReplicaState();
        var any = false;
        var read = new List<byte[]>();
        foreach (var (key, value) in chain.ReadRecords())
        {
            any = true;
            read.Add(key);
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
                        if (WithBody(StoredPreparedCertificate.Parser.ParseFrom(value), HeightOf(key)) is { } certificate)
                            state.Prepared.Add(certificate);
                        Track(HeightOf(key), key);
                        break;
                    case OwnViewChangeTag:
                        _ownViewChanges[HeightOf(key)] = SignedMessage.Parser.ParseFrom(value);
                        break;
                }
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new ConsensusStateCorruptException($"A stored consensus record is unreadable: {e.Message}", e);
            }
        }
        if (!any)
            return null;
        if (_meta.Epoch != epoch)
        {
            _stale.AddRange(read);
            Forget(epoch);
            return null;
        }
        state.Epoch = _meta.Epoch;
        state.View = _meta.View;
        state.ViewActive = _meta.ViewActive;
        state.StableCheckpoint = _meta.StableCheckpoint;
        state.OwnViewChanges.AddRange(_ownViewChanges.Values.TakeLast(OwnViewChangesKept));
        return state;
    }

    /// <summary>
    /// A new epoch begins: every record of the last one is deleted by the next write (its votes
    /// bind nothing under another validator set).
    /// </summary>
    public void BeginEpoch(ulong epoch)
    {
        _stale.AddRange(_keysByHeight.Values.SelectMany(keys => keys));
        _stale.AddRange(_ownViewChanges.Keys.Select(view => Key(OwnViewChangeTag, view)));
        Forget(epoch);
    }

    private void Forget(ulong epoch)
    {
        _meta.Epoch = epoch;
        _meta.View = 0;
        _meta.ViewActive = true;
        _meta.StableCheckpoint = null;
        _meta.OwnViewChanges.Clear();
        _keysByHeight.Clear();
        _ownViewChanges.Clear();
    }

    public void Apply(PersistentChanges changes)
    {
        // Another epoch's records go first, so this epoch's puts below win over any at the same key.
        var records = _stale.Select(key => new KeyValuePair<byte[], IMessage?>(key, null)).ToList();
        _stale.Clear();
        foreach (var vote in changes.Votes)
            records.Add(Put(Key(VoteTag, vote.Height, vote.View, (byte)vote.Kind), vote));
        var bodies = new List<DecodedBlock>();
        foreach (var certificate in changes.Prepared)
        {
            if (certificate.Block is null)
            {
                records.Add(Put(Key(PreparedTag, certificate.Height), new StoredPreparedCertificate { Certificate = certificate }));
                continue;
            }
            var body = DecodedBlock.From(certificate.Block); // the header only: the hash that finds the body again
            var withoutBody = new PreparedCertificate { View = certificate.View, Height = certificate.Height, Prepares = { certificate.Prepares } };
            records.Add(Put(Key(PreparedTag, certificate.Height), new StoredPreparedCertificate { Certificate = withoutBody, BlockHash = body.Hash.ToByteString() }));
            bodies.Add(body);
        }

        // Our VIEW-CHANGEs, once each; the oldest beyond those kept are deleted.
        if (changes.OwnViewChange is { } own)
        {
            _ownViewChanges[ViewOf(own)] = own;
            while (_ownViewChanges.Count > OwnViewChangesKept)
            {
                records.Add(new(Key(OwnViewChangeTag, _ownViewChanges.Keys.First()), null));
                _ownViewChanges.Remove(_ownViewChanges.Keys.First());
            }
            if (_ownViewChanges.ContainsKey(ViewOf(own)))
                records.Add(new(Key(OwnViewChangeTag, ViewOf(own)), own));
        }

        // The meta record: fold the view-level changes, keeping votes, certificates and view changes out of it.
        ReplicaStateStore.Apply(_meta, changes);
        _meta.Votes.Clear();
        _meta.Prepared.Clear();
        _meta.OwnViewChanges.Clear();
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
        chain.WriteRecords(records, bodies);
    }

    // The certificate with its block put back from the ledger. A different block committed at
    // its height means this one never can commit: the certificate is moot and dropped.
    private PreparedCertificate? WithBody(StoredPreparedCertificate stored, ulong height)
    {
        if (stored.BlockHash.IsEmpty)
            return stored.Certificate ?? new PreparedCertificate(); // it named no block
        var named = Convert.ToHexStringLower(stored.BlockHash.Span);
        var body = chain.ReadStoredBody(height)
            ?? throw new ConsensusStateCorruptException($"The prepared certificate at height {height} names block {named}, whose body is not stored.");
        if (Hash32.Compute(body.Header.Span).Span.SequenceEqual(stored.BlockHash.Span))
        {
            var certificate = stored.Certificate ?? new PreparedCertificate();
            certificate.Block = body;
            return certificate;
        }
        if (height <= chain.CommittedHeight)
            return null;
        throw new ConsensusStateCorruptException($"The prepared certificate at height {height} names block {named}, but the body stored there is another block.");
    }

    private KeyValuePair<byte[], IMessage?> Put(byte[] key, IMessage value)
    {
        Track(HeightOf(key), key);
        return new(key, value);
    }

    private void Track(ulong height, byte[] key)
    {
        if (!_keysByHeight.TryGetValue(height, out var keys))
            _keysByHeight[height] = keys = new HashSet<byte[]>(KeyComparer);
        keys.Add(key);
    }

    private static ulong HeightOf(byte[] key) => BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(1));

    private static ulong ViewOf(SignedMessage viewChange) => ViewChange.Parser.ParseFrom(viewChange.Payload).NewView;

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
