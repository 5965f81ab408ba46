using ChainNode.Ledger.Merkle;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Tests.Types;

[TestClass]
public sealed class MerkleTreeTests
{
    private static Hash32 Leaf(int i) => MerkleTree.LeafHash([(byte)i]);

    [TestMethod]
    public void Empty_and_single_leaf_roots()
    {
        Assert.AreEqual(Hash32.Compute([]), MerkleTree.RootOfLeaves([]));
        Assert.AreEqual(Leaf(1), MerkleTree.RootOfLeaves([Leaf(1)]));
    }

    [TestMethod]
    public void Odd_leaf_is_carried_up_not_duplicated()
    {
        var three = MerkleTree.RootOfLeaves([Leaf(1), Leaf(2), Leaf(3)]);
        Assert.AreEqual(MerkleTree.NodeHash(MerkleTree.NodeHash(Leaf(1), Leaf(2)), Leaf(3)), three);
        Assert.AreNotEqual(three, MerkleTree.RootOfLeaves([Leaf(1), Leaf(2), Leaf(3), Leaf(3)]));
    }

    [TestMethod]
    public void Root_depends_on_order_and_content()
    {
        Assert.AreNotEqual(MerkleTree.RootOfLeaves([Leaf(1), Leaf(2)]), MerkleTree.RootOfLeaves([Leaf(2), Leaf(1)]));
        Assert.AreNotEqual(MerkleTree.RootOfLeaves([Leaf(1), Leaf(2)]), MerkleTree.RootOfLeaves([Leaf(1), Leaf(4)]));
    }

    [TestMethod]
    public void A_leaf_cannot_pose_as_an_inner_node()
    {
        var inner = MerkleTree.NodeHash(Leaf(1), Leaf(2));
        var forged = new byte[64];
        Leaf(1).Span.CopyTo(forged);
        Leaf(2).Span.CopyTo(forged.AsSpan(32));
        Assert.AreNotEqual(inner, MerkleTree.LeafHash(forged));
    }
}
