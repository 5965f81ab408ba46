using System.Numerics;
using ChainNode.Contracts.Vm;

namespace ChainNode.Contracts.Tests;

/// <summary>A host over plain collections, for running the VM alone (fuzzing, micro-benchmarks).</summary>
internal sealed class MemoryContractHost : IContractHost
{
    private readonly Dictionary<string, byte[]> _storage = [];
    private readonly Dictionary<string, BigInteger> _balances = [];

    public Dictionary<string, Module> Modules { get; } = [];

    public int Events { get; private set; }

    public ulong Height => 7;

    public long TimestampMs => 1_700_000_000_000;

    public Module? LoadModule(byte[] address) => Modules.GetValueOrDefault(Convert.ToHexString(address));

    public byte[] StorageGet(byte[] contract, byte[] key) => _storage.GetValueOrDefault(Key(contract, key)) ?? [];

    public void StorageSet(byte[] contract, byte[] key, byte[] value) => _storage[Key(contract, key)] = value;

    public void StorageDelete(byte[] contract, byte[] key) => _storage.Remove(Key(contract, key));

    public BigInteger BalanceOf(byte[] address) => _balances.GetValueOrDefault(Convert.ToHexString(address), 1_000_000);

    public void Transfer(byte[] from, byte[] to, BigInteger amount)
    {
        if (BalanceOf(from) < amount)
            throw new VmFaultException("insufficient balance");
        _balances[Convert.ToHexString(from)] = BalanceOf(from) - amount;
        _balances[Convert.ToHexString(to)] = BalanceOf(to) + amount;
    }

    public void Emit(byte[] contract, byte[] topic, byte[] data) => Events++;

    public bool IsMember(byte[] address) => address[0] % 2 == 0;

    private static string Key(byte[] contract, byte[] key) => Convert.ToHexString(contract) + ":" + Convert.ToHexString(key);
}
