using System.Buffers;
using System.Buffers.Binary;
using ChainNode.Ledger.Merkle;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// The state commitment carried in each header: root(h) = SHA-256(tag || root(h-1) || M(h)),
/// where M(h) is the Merkle root of block h's state changes in key order. Equal roots mean
/// identical state transitions from the same genesis, so a node that executed anything
/// differently diverges at the first block it got wrong. (It commits to history, not to a
/// sparse tree of current state, so it does not yield inclusion proofs.)
/// </summary>
public static class StateRoot
{
    private static readonly byte[] Tag = "chainnode/state/v1"u8.ToArray();

    public static Hash32 Next(Hash32 previousRoot, StateChanges changes)
    {
        var pairs = changes.InKeyOrder;
        var changesRoot = MerkleTree.Root(pairs, pair => LeafOf(pair.Key, pair.Value));

        Span<byte> buffer = stackalloc byte[Tag.Length + 2 * Hash32.Length];
        Tag.CopyTo(buffer);
        previousRoot.Span.CopyTo(buffer[Tag.Length..]);
        changesRoot.Span.CopyTo(buffer[(Tag.Length + Hash32.Length)..]);
        return Hash32.Compute(buffer);
    }

    // Length-prefixed so no (key, value) pair can be read as another. Encoded into a pooled
    // buffer: every block has thousands of changes.
    private static Hash32 LeafOf(byte[] key, byte[]? value)
    {
        var length = 4 + key.Length + 1 + (value?.Length ?? 0);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var encoded = buffer.AsSpan(0, length);
            BinaryPrimitives.WriteInt32BigEndian(encoded, key.Length);
            key.CopyTo(encoded[4..]);
            encoded[4 + key.Length] = value is null ? (byte)0 : (byte)1;
            value?.CopyTo(encoded[(5 + key.Length)..]);
            return MerkleTree.LeafHash(encoded);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
