using ChainNode.Ledger.Storage;
using ChainNode.Ledger.Storage.Memory;

namespace ChainNode.Ledger.Tests.Storage;

[TestClass]
public sealed class MemoryKeyValueStoreTests : KeyValueStoreContract
{
    protected override IKeyValueStore CreateStore() => new MemoryKeyValueStore();
}
