using System.Buffers.Binary;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// The chain's key layout inside its key space (see <c>ledger/Database/LedgerDatabase</c>). One-byte
/// prefixes keep each kind in its own ordered range; heights are big-endian so blocks sort by height.
/// </summary>
public static class StoreKeys
{
    public const byte BodyPrefix = (byte)'B';      // B + height(8)  -> Block: committed at or below the head, a prepared candidate above it
    public const byte CertificatePrefix = (byte)'C'; // C + height(8) -> CommitCertificate; present only for committed heights
    public const byte HashPrefix = (byte)'h';      // h + hash(32)   -> height(8)
    public const byte StatePrefix = (byte)'s';     // s + state key  -> value
    public const byte MetaPrefix = (byte)'m';      // m + name       -> metadata

    public static readonly byte[] Head = "mhead"u8.ToArray();
    public static readonly byte[] SchemaVersion = "mschema"u8.ToArray();
    public static readonly byte[] GenesisHash = "mgenesis"u8.ToArray();

    public static byte[] Body(ulong height) => AtHeight(BodyPrefix, height);

    public static byte[] Certificate(ulong height) => AtHeight(CertificatePrefix, height);

    public static byte[] BlockHash(Hash32 hash) => Tagged(HashPrefix, hash.Span);

    public static byte[] State(ReadOnlySpan<byte> stateKey) => Tagged(StatePrefix, stateKey);

    public static byte[] EncodeHeight(ulong height)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, height);
        return bytes;
    }

    private static byte[] AtHeight(byte tag, ulong height)
    {
        var key = new byte[9];
        key[0] = tag;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), height);
        return key;
    }

    private static byte[] Tagged(byte tag, ReadOnlySpan<byte> rest)
    {
        var key = new byte[1 + rest.Length];
        key[0] = tag;
        rest.CopyTo(key.AsSpan(1));
        return key;
    }
}
