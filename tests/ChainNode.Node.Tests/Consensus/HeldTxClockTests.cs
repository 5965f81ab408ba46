using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Node.Consensus;
using ChainNode.Node.Mempool;
using ChainNode.Storage.Memory;
using ChainNode.Testing;

namespace ChainNode.Node.Tests.Consensus;

/// <summary>
/// The age the loop reports to the replica's request timer: a censored tx ages, a tx waiting
/// behind full blocks of other txs this node holds does not (each such commit restarts the count).
/// </summary>
[TestClass]
public sealed class HeldTxClockTests
{
    private static readonly TestNetwork Network = new();

    private static SignedTx Transfer(int from, ulong nonce) => TransactionCodec.Sign(new TxBody
    {
        ChainId = Network.Genesis.ChainId,
        SenderPublicKey = Network.MemberKeys[from].PublicKey.ToByteString(),
        Nonce = nonce,
        GasLimit = 21_000,
        Transfer = new Transfer { To = Network.MemberKeys[(from + 1) % 4].Address.ToByteString(), Amount = 1 },
    }, Network.MemberKeys[from]);

    private static (ChainStore Chain, TxPool Pool, ManualClock Clock, HeldTxClock Held) Setup()
    {
        var clock = new ManualClock();
        var chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        var pool = new TxPool(Network.Genesis.ChainId, new TxPoolLimits(100, 1 << 20, 4, MaxPerSender: 100, GapTimeout: TimeSpan.FromSeconds(60)), () => chain.State,
            hash => chain.GetTxLocation(hash)?.Height, contractsEnabled: false, clock);
        return (chain, pool, clock, new HeldTxClock(pool, clock, rescanMs: 0));
    }

    [TestMethod]
    public void A_held_tx_ages_from_its_admission_while_nothing_it_holds_commits()
    {
        var (chain, pool, clock, held) = Setup();
        using var _ = chain;
        Assert.IsNull(held.OldestAgeMs(), "nothing held");
        clock.Advance(10_000);
        pool.Admit(Transfer(0, 0));
        clock.Advance(3_000);
        Assert.AreEqual(3_000L, held.OldestAgeMs());
    }

    [TestMethod]
    public void A_tx_waiting_behind_full_blocks_of_other_held_txs_never_ages_past_one_block()
    {
        var (chain, pool, clock, held) = Setup();
        using var _ = chain;
        pool.Admit(Transfer(0, 0));
        for (var block = 0; block < 10; block++)
        {
            clock.Advance(1_500);
            held.HeldTxsCommitted(); // a block full of other txs this node held
            Assert.AreEqual(0L, held.OldestAgeMs());
        }
        clock.Advance(700);
        Assert.AreEqual(700L, held.OldestAgeMs());
    }

    [TestMethod]
    public void Txs_behind_a_nonce_gap_do_not_count_as_held()
    {
        var (chain, pool, clock, held) = Setup();
        using var _ = chain;
        pool.Admit(Transfer(0, 1)); // nonce 0 never came: no primary could include this one
        clock.Advance(60_000);
        Assert.IsNull(held.OldestAgeMs());
    }
}
