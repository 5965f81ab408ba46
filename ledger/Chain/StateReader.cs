using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Storage;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Chain;

/// <summary>Reads committed state (the state namespace of the store).</summary>
public sealed class StateReader(IKeyValueStore store) : IStateView
{
    public byte[]? Get(ReadOnlySpan<byte> stateKey) => store.Get(StoreKeys.State(stateKey));

    /// <summary>The account at <paramref name="address"/>; null if it has never existed.</summary>
    public Account? GetAccount(Address address) => this.ReadAccount(address);
}
