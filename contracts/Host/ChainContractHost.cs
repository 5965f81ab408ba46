using System.Numerics;
using ChainNode.Contracts.Vm;
using ChainNode.Ledger.Contracts;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Contracts.Host;

/// <summary>
/// Binds the VM's host calls to one tx's <see cref="ExecutionState"/>: contract storage,
/// native-coin balances, membership and the block's height and time. Events are collected here
/// and kept only if the tx succeeds.
/// </summary>
public sealed class ChainContractHost(ExecutionState state, BlockContext block, ModuleCache modules) : IContractHost
{
    public List<Event> Events { get; } = [];

    public ulong Height => block.Height;

    public long TimestampMs => block.TimestampMs;

    public Module? LoadModule(byte[] address) => state.Get(ContractKeys.Code(address)) is { } code ? modules.Get(code) : null;

    public byte[] StorageGet(byte[] contract, byte[] key) => state.Get(ContractKeys.Storage(contract, key)) ?? [];

    public void StorageSet(byte[] contract, byte[] key, byte[] value) => state.Set(ContractKeys.Storage(contract, key), value.ToArray()); // the state keeps its own copy

    public void StorageDelete(byte[] contract, byte[] key) => state.Set(ContractKeys.Storage(contract, key), null);

    public BigInteger BalanceOf(byte[] address) => state.GetAccount(new Address(address)).Balance;

    public void Transfer(byte[] from, byte[] to, BigInteger amount)
    {
        if (amount > ulong.MaxValue)
            throw new VmFaultException($"a transfer of {amount} exceeds any balance");
        var coins = (ulong)amount;
        var source = state.GetAccount(new Address(from));
        if (source.Balance < coins)
            throw new VmFaultException($"insufficient balance for a transfer: {source.Balance} available, {coins} needed");
        source.Balance -= coins;
        state.SetAccount(new Address(from), source);
        var target = state.GetAccount(new Address(to));
        if (ulong.MaxValue - target.Balance < coins)
            throw new VmFaultException("the recipient's balance would overflow");
        target.Balance += coins;
        state.SetAccount(new Address(to), target);
    }

    public void Emit(byte[] contract, byte[] topic, byte[] data) =>
        Events.Add(new Event { Contract = ByteString.CopyFrom(contract), Topic = ByteString.CopyFrom(topic), Data = ByteString.CopyFrom(data) });

    public bool IsMember(byte[] address) => state.IsMember(new Address(address));
}
