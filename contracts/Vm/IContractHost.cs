using System.Numerics;

namespace ChainNode.Contracts.Vm;

/// <summary>
/// What the VM may ask of the chain. The VM knows nothing else about it: the host (see Host/)
/// binds these to the ledger's state, and must answer deterministically from it.
/// Addresses are 20-byte strings.
/// </summary>
public interface IContractHost
{
    /// <summary>The module deployed at <paramref name="address"/>, or null if it is not a contract.</summary>
    Module? LoadModule(byte[] address);

    /// <summary>The stored value, or an empty string when the key is absent.</summary>
    byte[] StorageGet(byte[] contract, byte[] key);

    void StorageSet(byte[] contract, byte[] key, byte[] value);

    void StorageDelete(byte[] contract, byte[] key);

    BigInteger BalanceOf(byte[] address);

    /// <summary>Moves native coin; faults when <paramref name="from"/> cannot cover it.</summary>
    void Transfer(byte[] from, byte[] to, BigInteger amount);

    void Emit(byte[] contract, byte[] topic, byte[] data);

    bool IsMember(byte[] address);

    ulong Height { get; }

    long TimestampMs { get; }
}
