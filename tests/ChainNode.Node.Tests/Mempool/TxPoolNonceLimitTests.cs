using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Node.Mempool;
using ChainNode.Storage.Memory;
using ChainNode.Testing;

namespace ChainNode.Node.Tests.Mempool;

/// <summary>Admission at the top of the nonce range, where "next expected + gap" no longer fits in 64 bits.</summary>
[TestClass]
public sealed class TxPoolNonceLimitTests
{
    private static readonly TestNetwork Network = new();

    [TestMethod]
    public void An_account_near_the_largest_nonce_may_still_send_its_next_nonce()
    {
        using var chain = ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);
        var key = Network.MemberKeys[0];
        var state = new ExecutionState(chain.State);
        state.SetAccount(key.Address, new Account { Balance = TestNetwork.InitialBalance, Nonce = ulong.MaxValue - 2 });
        var pool = new TxPool(Network.Genesis.ChainId, new TxPoolLimits(100, 1 << 20, MaxNonceGap: 4, MaxPerSender: 100, GapTimeout: TimeSpan.FromSeconds(60)),
            () => state, _ => null, contractsEnabled: false, TimeProvider.System);
        var tx = TransactionCodec.Sign(new TxBody
        {
            ChainId = Network.Genesis.ChainId,
            SenderPublicKey = key.PublicKey.ToByteString(),
            Nonce = ulong.MaxValue - 2,
            GasLimit = GasSchedule.Transfer,
            Transfer = new Transfer { To = Network.MemberKeys[1].Address.ToByteString(), Amount = 1 },
        }, key);

        pool.Admit(tx); // refused as nonce_too_high while next + gap wrapped past zero

        Assert.AreEqual(1, pool.Count);
    }
}
