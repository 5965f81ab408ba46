using System.Security.Cryptography;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Contracts;

/// <summary>
/// Where contracts live in ledger state (all of it under the state root), and how their
/// addresses are made. Part of the ledger's model, not of the VM, which knows nothing of the
/// chain: the host, the node and the wallet (which predicts a deploy's address) share it.
/// Its tags stay apart from those of <c>StateKeys</c> in ledger/Chain.
/// </summary>
public static class ContractKeys
{
    private const byte CodeTag = (byte)'k';
    private const byte StorageTag = (byte)'c';
    private static readonly byte[] AddressTag = "chainnode/contract/v1"u8.ToArray();

    public static byte[] Code(ReadOnlySpan<byte> contract) => [CodeTag, .. contract];

    /// <summary>'c' || contract || key: each contract's storage is its own key range.</summary>
    public static byte[] Storage(ReadOnlySpan<byte> contract, ReadOnlySpan<byte> key) => [StorageTag, .. contract, .. key];

    /// <summary>SHA-256(tag || deployer || nonce)[..20]: deterministic, and distinct for every deploy.</summary>
    public static Address ContractAddress(Address deployer, ulong nonce)
    {
        Span<byte> nonceBytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(nonceBytes, nonce);
        var hash = SHA256.HashData([.. AddressTag, .. deployer.Span, .. nonceBytes]);
        return new Address(hash.AsSpan(0, Address.Length));
    }
}
