using System.Collections.Concurrent;
using Google.Protobuf;

namespace ChainNode.Ledger.Crypto;

/// <summary>
/// Parsed sender keys by their encoded bytes. A permissioned chain has few senders and each
/// sends many txs; parsing a compressed key (a square root) and hashing it into an address
/// would otherwise be repeated for every one. Bounded: when full it starts over. Thread-safe.
/// </summary>
public sealed class PublicKeyCache(int capacity = 65_536)
{
    private readonly ConcurrentDictionary<ByteString, PublicKey> _keys = new();

    public static PublicKeyCache Shared { get; } = new();

    /// <summary>The parsed key; throws <see cref="FormatException"/> if the bytes are not a key on the curve.</summary>
    public PublicKey Get(ByteString encoded)
    {
        if (_keys.TryGetValue(encoded, out var known))
            return known;
        var key = PublicKey.FromBytes(encoded.Span); // a bad key throws and is never cached
        if (_keys.Count >= capacity)
            _keys.Clear();
        _keys[encoded] = key;
        return key;
    }
}
