using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Database;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Indexing;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Storage.Memory;
using ChainNode.Testing;

namespace ChainNode.Ledger.Tests.Chain;

[TestClass]
public sealed class ExplorerIndexTests
{
    private static readonly TestNetwork Network = new();

    [TestMethod]
    public void An_accounts_history_comes_newest_first_in_pages_and_counts_sender_and_recipient()
    {
        var (chain, index) = OpenIndexedChain();
        var sent = CommitTransfersFromMember0ToMember1(chain);
        var sender = Network.MemberKeys[0].Address;
        var all = index.History(sender, 10);
        CollectionAssert.AreEqual(LocationsNewestFirst(chain, sent), all);
        Assert.AreEqual(3UL, all[0].Height);
        var firstPage = index.History(sender, 3);
        var secondPage = index.History(sender, 3, (firstPage[^1].Height, firstPage[^1].Index));
        CollectionAssert.AreEqual(all, firstPage.Concat(secondPage).ToList(), "a page may end inside a block");
        Assert.AreEqual(6, index.History(Network.MemberKeys[1].Address, 10).Count, "the recipient sees them too");
        Assert.AreEqual(0, index.History(Network.MemberKeys[5].Address, 10).Count);
    }

    // Three blocks of two transfers each; returns the tx hashes in chain order.
    private static List<Hash32> CommitTransfersFromMember0ToMember1(ChainStore chain)
    {
        var builder = new TestChainBuilder(Network, chain);
        var sent = new List<Hash32>();
        for (var block = 0; block < 3; block++)
        {
            var txs = Enumerable.Range(0, 2).Select(_ => builder.Txs.Transfer(0, 1, 5)).ToList();
            sent.AddRange(txs.Select(TransactionCodec.HashOf));
            var (finalized, changes) = builder.Next(txs);
            chain.Commit(finalized, changes);
        }
        return sent;
    }

    private static List<ExplorerIndex.HistoryEntry> LocationsNewestFirst(ChainStore chain, IEnumerable<Hash32> txs) =>
        txs.Reverse().Select(h => chain.GetTxLocation(h)!).Select(l => new ExplorerIndex.HistoryEntry(l.Height, l.Index)).ToList();

    [TestMethod]
    public void A_block_executed_here_indexes_the_same_history_as_one_committed_from_its_changes()
    {
        var (fromChanges, fromChangesIndex) = OpenIndexedChain();
        var (executedHere, executedHereIndex) = OpenIndexedChain();
        var builder = new TestChainBuilder(Network, fromChanges);
        var transactions = new TransactionExecutor(NoContractRuntime.Instance);
        var executor = new BlockExecutor(Network.Genesis.ChainId, transactions);
        for (var height = 1UL; height <= 2; height++)
        {
            var txs = new[] { builder.Txs.Transfer(0, 1, 5), builder.Txs.Transfer(1, 2, 5), builder.Txs.Transfer(0, 0, 1) }
                .Select(tx => TransactionCodec.Verify(tx, Network.Genesis.ChainId)).ToList();
            var parent = fromChanges.HeadBlock;
            var proposer = Network.ValidatorKeys[0].Address;
            var parentRoot = new Hash32(fromChanges.Head.StateRoot.Span);
            var built = new BlockBuilder(transactions).Build(txs, new BlockContext(height, parent.Header.TimestampMs + 500, proposer, 0),
                fromChanges.State, parentRoot, maxTxs: 10, maxBytes: 1 << 20);
            var block = DecodedBlock.Create(new BlockHeader
            {
                ChainId = Network.Genesis.ChainId,
                Height = height,
                PreviousHash = parent.Hash.ToByteString(),
                TxRoot = DecodedBlock.ComputeTxRoot(built.Txs).ToByteString(),
                StateRoot = built.Result.StateRoot.ToByteString(),
                Proposer = proposer.ToByteString(),
                TimestampMs = parent.Header.TimestampMs + 500,
            }, built.Txs);
            var certificate = builder.Certify(height, block.Hash, view: 0);
            fromChanges.Commit(new FinalizedBlock { Block = block.Block, Certificate = certificate }, built.Result.Changes);

            var result = executor.Execute(block, executedHere.State, new Hash32(executedHere.Head.StateRoot.Span));
            Assert.AreEqual(3, result.Transactions?.Count, "execution hands over the txs it checked");
            executedHere.Commit(block, certificate, result);
        }
        foreach (var member in new[] { 0, 1, 2, 3 })
        {
            var address = Network.MemberKeys[member].Address;
            CollectionAssert.AreEqual(fromChangesIndex.History(address, 20), executedHereIndex.History(address, 20), $"member {member}");
        }
        Assert.AreEqual(4, executedHereIndex.History(Network.MemberKeys[0].Address, 20).Count, "a transfer to oneself is listed once");
    }

    [TestMethod]
    public void Validator_activity_counts_proposals_and_certificate_signatures()
    {
        var (chain, index) = OpenIndexedChain();
        new TestChainBuilder(Network, chain).Extend(blocks: 4, txsPerBlock: 1);
        Assert.AreEqual(new ExplorerIndex.ValidatorActivity(4, 4), index.Activity(ValidatorAddress(0))); // view 0: validator 0 proposes, and signs
        Assert.AreEqual(new ExplorerIndex.ValidatorActivity(0, 4), index.Activity(ValidatorAddress(2)));
        Assert.AreEqual(new ExplorerIndex.ValidatorActivity(0, 0), index.Activity(ValidatorAddress(3)), "the default certificate has a quorum of 3: validators 0-2");
    }

    private static Address ValidatorAddress(int index) => Network.ValidatorKeys[index].Address;

    private static (ChainStore Chain, ExplorerIndex Index) OpenIndexedChain() =>
        LedgerDatabase.Open(new MemoryKeyValueStore()).OpenChain(Network.Genesis, initializeIfEmpty: true);
}
