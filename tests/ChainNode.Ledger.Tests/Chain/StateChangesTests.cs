using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Storage;
using ChainNode.Storage.Memory;

namespace ChainNode.Ledger.Tests.Chain;

[TestClass]
public sealed class StateChangesTests
{
    [TestMethod]
    public void Changes_come_out_in_byte_order_whatever_order_they_went_in()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var keys = Enumerable.Range(0, 500).Select(_ => { var k = new byte[random.Next(1, 12)]; random.NextBytes(k); return k; })
            .Distinct(ByteKeyComparer.Instance).ToList();
        var changes = new StateChanges();
        foreach (var key in keys.OrderBy(_ => random.Next()))
            changes.Set(key, key);
        var expected = keys.Order(ByteKeyComparer.Instance).ToList();
        var actual = changes.InKeyOrder.Select(kv => kv.Key).ToList();
        Assert.AreEqual(expected.Count, actual.Count, $"seed {seed}");
        for (var i = 0; i < expected.Count; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"position {i}, seed {seed}");
    }

    [TestMethod]
    public void A_later_write_replaces_an_earlier_one_and_a_delete_reads_as_null()
    {
        var changes = new StateChanges();
        changes.Set("b"u8, [1]);
        _ = changes.InKeyOrder.ToList(); // sorted once; a later write must still show
        changes.Set("a"u8, [2]);
        changes.Set("b"u8, [3]);
        changes.Delete("c"u8);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, changes.InKeyOrder.Select(kv => System.Text.Encoding.ASCII.GetString(kv.Key)).ToArray());
        Assert.IsTrue(changes.TryGet("b"u8, out var b));
        CollectionAssert.AreEqual(new byte[] { 3 }, b);
        Assert.IsTrue(changes.TryGet("c"u8, out var c));
        Assert.IsNull(c);
        Assert.IsFalse(changes.TryGet("d"u8, out _));
    }

    [TestMethod]
    public void An_execution_state_hands_its_writes_over_once_and_is_read_only_after()
    {
        using var store = new MemoryKeyValueStore();
        var state = new ExecutionState(new StateReader(store));
        state.Set("k"u8.ToArray(), [1]);
        var changes = state.ToChanges();
        Assert.AreEqual(1, changes.Count);
        CollectionAssert.AreEqual(new byte[] { 1 }, state.Get("k"u8), "still readable");
        Assert.ThrowsExactly<InvalidOperationException>(() => state.Set("k"u8.ToArray(), [2]));
        Assert.ThrowsExactly<InvalidOperationException>(() => state.ToChanges());
    }

    [TestMethod]
    public void A_span_finds_the_same_slot_as_the_array_it_equals()
    {
        var comparer = ByteKeyComparer.Instance;
        byte[] key = [1, 2, 3, 250];
        Assert.AreEqual(comparer.GetHashCode(key), comparer.GetHashCode((ReadOnlySpan<byte>)key.AsSpan().ToArray()));
        Assert.IsTrue(comparer.Equals((ReadOnlySpan<byte>)[1, 2, 3, 250], key));
        Assert.IsFalse(comparer.Equals((ReadOnlySpan<byte>)[1, 2, 3], key));
    }
}
