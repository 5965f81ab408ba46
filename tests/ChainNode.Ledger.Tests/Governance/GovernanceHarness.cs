using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Database;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Indexing;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Storage;
using ChainNode.Storage.Memory;
using ChainNode.Testing;

namespace ChainNode.Ledger.Tests.Governance;

/// <summary>A chain whose blocks are really executed, with signed governance txs: what each governance test starts from.</summary>
internal sealed class GovernanceHarness : IDisposable
{
    public GovernanceHarness(TestNetwork network, Ledger.Genesis.GenesisConfig? genesis = null)
    {
        Network = network;
        _database = LedgerDatabase.Open(new MemoryKeyValueStore());
        (Chain, Explorer) = _database.OpenChain(genesis ?? network.Genesis, initializeIfEmpty: true);
        Blocks = new ExecutingChainBuilder(Chain, network.ValidatorKeys);
        Txs = new GovernanceTxFactory(Chain.Genesis.ChainId);
    }

    public TestNetwork Network { get; }

    private readonly LedgerDatabase _database;

    /// <summary>The store under <see cref="Chain"/> (its key space), for tests that tamper with what it holds.</summary>
    public IKeyValueStore Store => _database.Chain;

    public ChainStore Chain { get; }

    public ExplorerIndex Explorer { get; }

    public ExecutingChainBuilder Blocks { get; }

    public GovernanceTxFactory Txs { get; }

    public PrivateKey Admin(int i) => Network.MemberKeys[i];

    /// <summary>Commits one block holding <paramref name="txs"/>; returns its receipts.</summary>
    public IReadOnlyList<Receipt> Commit(params SignedTx[] txs) => Blocks.Commit(txs);

    /// <summary>Commits a block with one proposal; returns its receipt and the proposal id.</summary>
    public (Receipt Receipt, Hash32 Id) Propose(PrivateKey admin, GovernanceAction action)
    {
        var tx = Txs.Propose(admin, action);
        return (Commit(tx)[0], TransactionCodec.HashOf(tx));
    }

    public Receipt Approve(PrivateKey admin, Hash32 id) => Commit(Txs.Approve(admin, id))[0];

    public Proposal Proposal(Hash32 id) => Chain.State.ReadProposal(id) ?? throw new AssertFailedException($"no proposal {id}");

    /// <summary>Whether <paramref name="tx"/> may be in the next block at all (null), or why not.</summary>
    public InapplicableReason? Refusal(SignedTx tx)
    {
        var state = new ExecutionState(Chain.State);
        var context = BlockExecutor.ContextOf(new BlockHeader { Height = Chain.Height + 1 }, Chain.State);
        try
        {
            new TransactionExecutor(NoContractRuntime.Instance).Apply(TransactionCodec.Verify(tx, Chain.Genesis.ChainId), context, 0, state);
            return null;
        }
        catch (InapplicableTransactionException e)
        {
            return e.Reason;
        }
    }

    public void Dispose() => Chain.Dispose();
}
