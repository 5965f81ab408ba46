using ChainNode.Storage;
using ChainNode.Storage.Memory;

namespace ChainNode.Ledger.Tests.Storage;

[TestClass]
public sealed class MemoryKeyValueStoreTests : KeyValueStoreContract
{
    protected override IKeyValueStore CreateStore() => new MemoryKeyValueStore();
}
