using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Storage.Memory;
using ChainNode.Node.Consensus;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Node.Tests.Consensus;

[TestClass]
public sealed class ConsensusStateStoreTests
{
    private static readonly TestNetwork Network = new();

    private static Vote Vote(ulong height, ulong view) =>
        new() { Height = height, View = view, Kind = MessageKind.Prepare, BlockHash = ByteString.CopyFrom(new byte[32]) };

    [TestMethod]
    public void A_store_that_never_persisted_restores_nothing()
    {
        using var chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        Assert.IsNull(new ConsensusStateStore(chain).Load());
    }

    [TestMethod]
    public void Votes_certificates_and_view_survive_a_reload_and_pruning_deletes_old_heights()
    {
        using var chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        var store = new ConsensusStateStore(chain);
        var first = new PersistentChanges { View = 0, ViewActive = true };
        first.Votes.Add(Vote(1, 0));
        first.Votes.Add(Vote(2, 0));
        first.Prepared.Add(new PreparedCertificate { Height = 1, View = 0 });
        store.Apply(first);
        var second = new PersistentChanges { View = 3, ViewActive = false, PruneAtOrBelow = 1 };
        second.Votes.Add(Vote(3, 3));
        second.Prepared.Add(new PreparedCertificate { Height = 3, View = 3 });
        store.Apply(second);

        var restored = new ConsensusStateStore(chain).Load()!;
        Assert.AreEqual(3UL, restored.View);
        Assert.IsFalse(restored.ViewActive);
        CollectionAssert.AreEquivalent(new ulong[] { 2, 3 }, restored.Votes.Select(v => v.Height).ToList());
        CollectionAssert.AreEqual(new ulong[] { 3 }, restored.Prepared.Select(p => p.Height).ToList());
    }
}
