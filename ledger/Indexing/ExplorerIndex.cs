using System.Buffers.Binary;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Storage;

namespace ChainNode.Ledger.Indexing;

/// <summary>
/// Derived lookups for explorers, in their own key space, written in the same batch as the block
/// (an <see cref="ICommitIndexer"/>) so they never lag it and are never rebuilt by scanning the chain:
/// <c>'x' 'a' address ~height → positions</c> (each account's txs, one record per block it
/// appears in, newest first: heights are stored inverted so a forward scan runs backwards in
/// time, and the positions are 4-byte big-endian, descending), and
/// <c>'x' 'v' validator → blocks proposed, commits signed</c>. Not covered by the state root.
/// </summary>
public sealed class ExplorerIndex(IKeyValueStore store) : ICommitIndexer
{
    private static readonly byte[] HistoryPrefix = "xa"u8.ToArray();
    private static readonly byte[] ValidatorPrefix = "xv"u8.ToArray();

    public sealed record HistoryEntry(ulong Height, uint Index);

    public sealed record ValidatorActivity(ulong Proposed, ulong CommitsSigned);

    public void AddWrites(IWriteBatch batch, CommittingBlock block)
    {
        var own = store.Join(batch);
        var (decoded, txHashes, changes, certificate, validators, executed) = block;
        // The txs as checked by execution, when at hand, save decoding each again.
        if (executed is not null && executed.Count != txHashes.Count)
            executed = null;
        // One record per account per block: a busy account's txs share it, instead of one record each.
        var positions = new Dictionary<Address, List<uint>>();
        void Add(Address account, int index)
        {
            if (!positions.TryGetValue(account, out var list))
                positions[account] = list = [];
            list.Add((uint)index);
        }
        for (var i = 0; i < txHashes.Count; i++)
        {
            var (body, sender) = executed is not null
                ? (executed[i].Body, executed[i].SenderAddress)
                : DecodeSender(decoded.Block.Transactions[i]);
            Add(sender, i);
            if (Counterparty(body, txHashes[i], changes) is { } other && other != sender)
                Add(other, i);
        }
        // Written in key order: LevelDB's skip list takes neighbouring keys far faster in a row.
        var records = positions.Select(p => (Key: HistoryKey(p.Key, decoded.Height), Positions: p.Value)).ToList();
        records.Sort((a, b) => ByteKeyComparer.Instance.Compare(a.Key, b.Key));
        foreach (var (key, list) in records)
            own.Put(key, EncodeNewestFirst(list));

        // Counted by the validator's address: its index means another validator after a set change.
        var proposer = validators.Validators.FirstOrDefault(v => v.Address.Span.SequenceEqual(decoded.Header.Proposer.Span));
        var counts = new Dictionary<Address, (ulong Proposed, ulong CommitsSigned)>();
        (ulong, ulong) Current(Address validator) => counts.TryGetValue(validator, out var c) ? c : Read(validator) is { } a ? (a.Proposed, a.CommitsSigned) : (0, 0);
        if (proposer is not null)
            counts[proposer.Address] = (Current(proposer.Address).Item1 + 1, Current(proposer.Address).Item2);
        foreach (var signer in certificate.Signatures.Select(s => (int)s.ValidatorIndex).Where(i => i < validators.Count).Distinct())
            counts[validators[signer].Address] = (Current(validators[signer].Address).Item1, Current(validators[signer].Address).Item2 + 1);
        foreach (var (validator, (proposed, commitsSigned)) in counts.OrderBy(c => c.Key, Address.ByteOrder))
        {
            var value = new byte[16];
            BinaryPrimitives.WriteUInt64BigEndian(value, proposed);
            BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(8), commitsSigned);
            own.Put(ValidatorKey(validator), value);
        }
    }

    /// <summary>The account's txs, newest first, starting below (height, index) when given.</summary>
    public List<HistoryEntry> History(Address address, int limit, (ulong Height, uint Index)? before = null)
    {
        var prefix = HistoryPrefixOf(address);
        var start = before is { } b ? HistoryKey(address, b.Height) : prefix;
        var entries = new List<HistoryEntry>();
        foreach (var (key, value) in store.ScanPrefix(prefix, start))
        {
            var height = ~BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(prefix.Length));
            foreach (var index in Positions(value))
            {
                if (entries.Count >= limit)
                    return entries;
                if (before is not { } cursor || height < cursor.Height || index < cursor.Index)
                    entries.Add(new HistoryEntry(height, index));
            }
        }
        return entries;
    }

    private static IEnumerable<uint> Positions(byte[] value)
    {
        for (var offset = 0; offset + 4 <= value.Length; offset += 4)
            yield return BinaryPrimitives.ReadUInt32BigEndian(value.AsSpan(offset));
    }

    private static byte[] EncodeNewestFirst(List<uint> positions)
    {
        var bytes = new byte[4 * positions.Count];
        for (var i = 0; i < positions.Count; i++)
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 * i), positions[positions.Count - 1 - i]);
        return bytes;
    }

    /// <summary>Blocks proposed and commits signed by a validator, as recorded by this node's ledger.</summary>
    public ValidatorActivity Activity(Address validator) => Read(validator) ?? new ValidatorActivity(0, 0);

    private ValidatorActivity? Read(Address validator) =>
        store.Get(ValidatorKey(validator)) is { Length: 16 } value
            ? new ValidatorActivity(BinaryPrimitives.ReadUInt64BigEndian(value), BinaryPrimitives.ReadUInt64BigEndian(value.AsSpan(8)))
            : null;

    private static (TxBody Body, Address Sender) DecodeSender(SignedTx tx)
    {
        var body = TxBody.Parser.ParseFrom(tx.Body.Span);
        return (body, Address.FromPublicKey(body.SenderPublicKey.Span));
    }

    private static Address? Counterparty(TxBody body, Hash32 txHash, StateChanges changes)
    {
        switch (body.PayloadCase)
        {
            case TxBody.PayloadOneofCase.Transfer when body.Transfer.To.Length == Address.Length:
                return new Address(body.Transfer.To.Span);
            case TxBody.PayloadOneofCase.Call when body.Call.Contract.Length == Address.Length:
                return new Address(body.Call.Contract.Span);
            case TxBody.PayloadOneofCase.Deploy:
                if (changes.TryGet(StateKeys.Receipt(txHash), out var bytes) && bytes is not null
                    && Receipt.Parser.ParseFrom(bytes).ContractAddress is { Length: Address.Length } created)
                    return new Address(created.Span);
                return null;
            default:
                return null;
        }
    }

    private static byte[] HistoryPrefixOf(Address address) => [.. HistoryPrefix, .. address.Span];

    private static byte[] HistoryKey(Address address, ulong height)
    {
        var key = new byte[HistoryPrefix.Length + Address.Length + 8];
        HistoryPrefix.CopyTo(key, 0);
        address.Span.CopyTo(key.AsSpan(HistoryPrefix.Length));
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(HistoryPrefix.Length + Address.Length), ~height);
        return key;
    }

    private static byte[] ValidatorKey(Address validator)
    {
        var key = new byte[ValidatorPrefix.Length + Address.Length];
        ValidatorPrefix.CopyTo(key, 0);
        validator.Span.CopyTo(key.AsSpan(ValidatorPrefix.Length));
        return key;
    }
}
