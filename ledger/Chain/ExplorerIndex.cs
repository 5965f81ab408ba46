using System.Buffers.Binary;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Storage;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// Derived lookups for explorers, written in the same batch as the block so they never lag it
/// and are never rebuilt by scanning the chain:
/// <c>'x' 'a' address ~height ~index → tx hash</c> (each account's txs, newest first: heights
/// and positions are stored inverted so a forward scan runs backwards in time), and
/// <c>'x' 'v' validator → blocks proposed, commits signed</c>. Not covered by the state root.
/// </summary>
public static class ExplorerIndex
{
    private static readonly byte[] HistoryPrefix = "xa"u8.ToArray();
    private static readonly byte[] ValidatorPrefix = "xv"u8.ToArray();

    public sealed record HistoryEntry(Hash32 TxHash, ulong Height, uint Index);

    public sealed record ValidatorActivity(ulong Proposed, ulong CommitsSigned);

    /// <param name="executed">The block's txs as checked by execution, when at hand: saves decoding each again.</param>
    internal static void AddWrites(IWriteBatch batch, IKeyValueStore store, DecodedBlock block, IReadOnlyList<Hash32> txHashes, StateChanges changes,
        CommitCertificate certificate, ValidatorSet validators, IReadOnlyList<VerifiedTransaction>? executed)
    {
        if (executed is not null && executed.Count != txHashes.Count)
            executed = null;
        var history = new List<(byte[] Key, int Tx)>(2 * txHashes.Count);
        for (var i = 0; i < txHashes.Count; i++)
        {
            var (body, sender) = executed is not null
                ? (executed[i].Body, executed[i].SenderAddress)
                : DecodeSender(block.Block.Transactions[i]);
            history.Add((HistoryKey(sender, block.Height, (uint)i), i));
            if (Counterparty(body, txHashes[i], changes) is { } other && other != sender)
                history.Add((HistoryKey(other, block.Height, (uint)i), i));
        }
        // Written in key order: LevelDB's skip list takes neighbouring keys far faster in a row.
        history.Sort((a, b) => ByteKeyComparer.Instance.Compare(a.Key, b.Key));
        foreach (var (key, tx) in history)
            batch.Put(key, txHashes[tx].Span);

        var proposer = validators.Validators.FirstOrDefault(v => v.Address.Span.SequenceEqual(block.Header.Proposer.Span));
        var counts = new Dictionary<int, (ulong Proposed, ulong CommitsSigned)>();
        (ulong, ulong) Current(int index) => counts.TryGetValue(index, out var c) ? c : Read(store, index) is { } a ? (a.Proposed, a.CommitsSigned) : (0, 0);
        if (proposer is not null)
            counts[proposer.Index] = (Current(proposer.Index).Item1 + 1, Current(proposer.Index).Item2);
        foreach (var signer in certificate.Signatures.Select(s => (int)s.ValidatorIndex).Where(i => i < validators.Count).Distinct())
            counts[signer] = (Current(signer).Item1, Current(signer).Item2 + 1);
        foreach (var (index, (proposed, commitsSigned)) in counts.OrderBy(c => c.Key))
        {
            var value = new byte[16];
            BinaryPrimitives.WriteUInt64BigEndian(value, proposed);
            BinaryPrimitives.WriteUInt64BigEndian(value.AsSpan(8), commitsSigned);
            batch.Put(ValidatorKey(index), value);
        }
    }

    /// <summary>The account's txs, newest first, starting below (height, index) when given.</summary>
    public static List<HistoryEntry> History(IKeyValueStore store, Address address, int limit, (ulong Height, uint Index)? before = null)
    {
        var prefix = HistoryPrefixOf(address);
        var start = before is { } b ? NextAfter(HistoryKey(address, b.Height, b.Index)) : prefix;
        var entries = new List<HistoryEntry>();
        foreach (var (key, value) in store.ScanPrefix(prefix, start))
        {
            if (entries.Count >= limit)
                break;
            var height = ~BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(prefix.Length));
            var index = ~BinaryPrimitives.ReadUInt32BigEndian(key.AsSpan(prefix.Length + 8));
            entries.Add(new HistoryEntry(new Hash32(value), height, index));
        }
        return entries;
    }

    public static ValidatorActivity? Read(IKeyValueStore store, int validator) =>
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

    private static byte[] HistoryKey(Address address, ulong height, uint index)
    {
        var key = new byte[HistoryPrefix.Length + Address.Length + 12];
        HistoryPrefix.CopyTo(key, 0);
        address.Span.CopyTo(key.AsSpan(HistoryPrefix.Length));
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(HistoryPrefix.Length + Address.Length), ~height);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(HistoryPrefix.Length + Address.Length + 8), ~index);
        return key;
    }

    private static byte[] ValidatorKey(int index)
    {
        var key = new byte[ValidatorPrefix.Length + 4];
        ValidatorPrefix.CopyTo(key, 0);
        BinaryPrimitives.WriteInt32BigEndian(key.AsSpan(ValidatorPrefix.Length), index);
        return key;
    }

    // The smallest key after `key`: paging resumes strictly below the last entry shown.
    private static byte[] NextAfter(byte[] key) => [.. key, 0];
}
