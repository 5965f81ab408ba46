using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Ledger.Tests.Execution;

[TestClass]
public sealed class TransactionExecutorTests
{
    private static readonly TestNetwork Network = new();
    private static readonly TransactionExecutor Executor = new(NoContractRuntime.Instance);
    private static readonly BlockContext Block = new(1, 1_000, Network.ValidatorKeys[0].Address, GasPrice: 0);

    private static ChainStore NewChain() => ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);

    private static VerifiedTransaction Tx(PrivateKey from, ulong nonce, Action<TxBody> payload, ulong gasLimit = GasSchedule.Transfer)
    {
        var body = new TxBody { ChainId = Network.Genesis.ChainId, SenderPublicKey = from.PublicKey.ToByteString(), Nonce = nonce, GasLimit = gasLimit };
        payload(body);
        return TransactionCodec.Verify(TransactionCodec.Sign(body, from), Network.Genesis.ChainId);
    }

    private static VerifiedTransaction Transfer(int from, Address to, ulong amount, ulong nonce = 0) =>
        Tx(Network.MemberKeys[from], nonce, b => b.Transfer = new Transfer { To = to.ToByteString(), Amount = amount });

    [TestMethod]
    public void A_transfer_moves_coins_uses_the_nonce_and_stores_a_success_receipt()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        var to = Network.MemberKeys[1].Address;
        var tx = Transfer(0, to, 250);
        var receipt = Executor.Apply(tx, Block, 0, state);

        Assert.AreEqual(ReceiptStatus.Success, receipt.Status);
        Assert.AreEqual(GasSchedule.Transfer, receipt.GasUsed);
        Assert.AreEqual(TestNetwork.InitialBalance - 250, state.GetAccount(Network.MemberKeys[0].Address).Balance);
        Assert.AreEqual(1UL, state.GetAccount(Network.MemberKeys[0].Address).Nonce);
        Assert.AreEqual(TestNetwork.InitialBalance + 250, state.GetAccount(to).Balance);
        Assert.AreEqual(receipt, state.ReadReceipt(tx.Hash));
    }

    [TestMethod]
    public void A_transfer_beyond_the_balance_fails_but_still_uses_its_nonce()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        var receipt = Executor.Apply(Transfer(0, Network.MemberKeys[1].Address, TestNetwork.InitialBalance + 1), Block, 0, state);

        Assert.AreEqual(ReceiptStatus.Failed, receipt.Status);
        StringAssert.Contains(receipt.Error, "insufficient balance");
        Assert.AreEqual(TestNetwork.InitialBalance, state.GetAccount(Network.MemberKeys[0].Address).Balance);
        Assert.AreEqual(1UL, state.GetAccount(Network.MemberKeys[0].Address).Nonce);
        Assert.AreEqual(TestNetwork.InitialBalance, state.GetAccount(Network.MemberKeys[1].Address).Balance);
    }

    [TestMethod]
    public void A_transfer_to_oneself_uses_the_nonce_and_leaves_the_balance()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        var self = Network.MemberKeys[0].Address;
        var receipt = Executor.Apply(Transfer(0, self, 250), Block, 0, state);

        Assert.AreEqual(ReceiptStatus.Success, receipt.Status);
        Assert.AreEqual(TestNetwork.InitialBalance, state.GetAccount(self).Balance);
        Assert.AreEqual(1UL, state.GetAccount(self).Nonce);
        Assert.AreEqual(2, state.WriteCount, "the account and the receipt");
    }

    [TestMethod]
    public void A_transfer_that_would_overflow_the_recipient_or_names_no_address_fails_and_moves_nothing()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        var (sender, recipient) = (Network.MemberKeys[0].Address, Network.MemberKeys[1].Address);
        state.SetAccount(recipient, new Account { Balance = ulong.MaxValue - 10 });

        var overflow = Executor.Apply(Transfer(0, recipient, 11), Block, 0, state);
        var nowhere = Executor.Apply(Tx(Network.MemberKeys[0], 1, b => b.Transfer = new Transfer { To = ByteString.CopyFrom(1, 2, 3), Amount = 1 }), Block, 1, state);

        Assert.AreEqual(ReceiptStatus.Failed, overflow.Status);
        StringAssert.Contains(overflow.Error, "overflow");
        Assert.AreEqual(ReceiptStatus.Failed, nowhere.Status);
        StringAssert.Contains(nowhere.Error, "recipient must be");
        Assert.AreEqual(TestNetwork.InitialBalance, state.GetAccount(sender).Balance);
        Assert.AreEqual(2UL, state.GetAccount(sender).Nonce, "each failed transfer still used its nonce");
        Assert.AreEqual(ulong.MaxValue - 10, state.GetAccount(recipient).Balance);
    }

    [TestMethod]
    public void Txs_that_cannot_be_in_a_block_are_inapplicable_with_their_reason()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        var to = Network.MemberKeys[1].Address;
        var outsider = PrivateKey.FromInsecureSeed("not-a-member");
        var cases = new (VerifiedTransaction Tx, InapplicableReason Reason)[]
        {
            (Tx(outsider, 0, b => b.Transfer = new Transfer { To = to.ToByteString(), Amount = 1 }), InapplicableReason.NotMember),
            (Transfer(0, to, 1, nonce: 5), InapplicableReason.NonceTooHigh),
            (Tx(Network.MemberKeys[0], 0, b => b.Transfer = new Transfer { To = to.ToByteString(), Amount = 1 }, gasLimit: 100), InapplicableReason.GasLimitTooLow),
        };
        foreach (var (tx, reason) in cases)
            Assert.AreEqual(reason, Assert.ThrowsExactly<InapplicableTransactionException>(() => Executor.Apply(tx, Block, 0, state)).Reason);
        Executor.Apply(Transfer(0, to, 1), Block, 0, state);
        Assert.AreEqual(InapplicableReason.NonceTooLow,
            Assert.ThrowsExactly<InapplicableTransactionException>(() => Executor.Apply(Transfer(0, to, 2, nonce: 0), Block, 1, state)).Reason);
    }

    [TestMethod]
    public void Without_a_contract_runtime_a_deploy_fails_deterministically_and_rolls_back()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        var deploy = Tx(Network.MemberKeys[2], 0, b => b.Deploy = new ContractDeploy { Code = ByteString.CopyFrom(1, 2, 3), Amount = 7 }, gasLimit: 100_000);
        var receipt = Executor.Apply(deploy, Block, 0, state);
        Assert.AreEqual(ReceiptStatus.Failed, receipt.Status);
        StringAssert.Contains(receipt.Error, "contracts are not enabled");
        Assert.AreEqual(TestNetwork.InitialBalance, state.GetAccount(Network.MemberKeys[2].Address).Balance);
    }

    [TestMethod]
    public void Reverting_a_snapshot_restores_every_key_written_after_it()
    {
        using var chain = NewChain();
        var state = new ExecutionState(chain.State);
        var key = "k"u8.ToArray();
        state.Set(key, [1]);
        var snapshot = state.Snapshot();
        state.Set(key, [2]);
        state.Set("other"u8.ToArray(), [3]);
        state.RevertTo(snapshot);
        CollectionAssert.AreEqual(new byte[] { 1 }, state.Get(key));
        Assert.IsNull(state.Get("other"u8));
        Assert.AreEqual(1, state.ToChanges().Count);
    }

    [TestMethod]
    public void A_built_block_re_executes_to_the_same_state_root_and_receipts()
    {
        using var chain = NewChain();
        var txs = Enumerable.Range(0, 40).Select(i => Transfer(i % 4, Network.MemberKeys[(i + 1) % 4].Address, (ulong)i + 1, nonce: (ulong)(i / 4))).ToList();
        var root = new Hash32(chain.Head.StateRoot.Span);
        var built = new BlockBuilder(Executor).Build(txs, Block, chain.State, root, maxTxs: 1000, maxBytes: 1 << 20);
        Assert.AreEqual(40, built.Txs.Count);
        Assert.AreEqual(0, built.Skipped.Count);

        var header = new BlockHeader
        {
            ChainId = Network.Genesis.ChainId,
            Height = 1,
            PreviousHash = chain.HeadBlock.Hash.ToByteString(),
            TxRoot = Blocks.DecodedBlock.ComputeTxRoot(built.Txs).ToByteString(),
            StateRoot = built.Result.StateRoot.ToByteString(),
            Proposer = Block.Proposer.ToByteString(),
            TimestampMs = Block.TimestampMs,
        };
        var block = Blocks.DecodedBlock.Create(header, built.Txs);
        var executor = new BlockExecutor(Network.Genesis.ChainId, Executor);
        var again = executor.Execute(block, chain.State, root);
        Assert.AreEqual(built.Result.StateRoot, again.StateRoot);
        CollectionAssert.AreEqual(built.Result.Receipts.ToList(), again.Receipts.ToList());
    }

    [TestMethod]
    public void A_block_with_a_bad_signature_or_a_skipped_nonce_does_not_execute()
    {
        using var chain = NewChain();
        var root = new Hash32(chain.Head.StateRoot.Span);
        var executor = new BlockExecutor(Network.Genesis.ChainId, Executor);
        var good = Transfer(0, Network.MemberKeys[1].Address, 1).Tx;
        var forged = new SignedTx { Body = good.Body, Signature = ByteString.CopyFrom(new byte[64]) };
        var gap = Transfer(1, Network.MemberKeys[0].Address, 1, nonce: 3).Tx;
        foreach (var (txs, expected) in new[] { (new[] { forged }, "Signature"), (new[] { good, gap }, "nonce 3") })
        {
            var block = Blocks.DecodedBlock.Create(new BlockHeader { Height = 1, TxRoot = Blocks.DecodedBlock.ComputeTxRoot(txs).ToByteString() }, txs);
            StringAssert.Contains(Assert.ThrowsExactly<BlockExecutionException>(() => executor.Execute(block, chain.State, root)).Message, expected);
        }
    }
}
