using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Node.Api;
using ChainNode.Node.Explorer;
using ChainNode.Node.Testing;
using ChainNode.Rpc.Api;
using ChainNode.Storage.Memory;
using ChainNode.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace ChainNode.Node.Tests.Governance;

/// <summary>
/// The public API's governance reads over real gRPC, against a chain in memory. Epochs and
/// proposals the executor would write are written into state directly, so these reads are
/// proved independently of it.
/// </summary>
[TestClass]
public sealed class GovernanceApiTests
{
    private static readonly TestNetwork Network = new();

    [TestMethod]
    public async Task A_new_chain_reports_the_genesis_validators_in_force_from_height_1_with_no_next_epoch()
    {
        using var chain = OpenChain();
        await using var api = await StartAsync(chain);
        var response = await api.Client.GetValidatorsAsync();
        Assert.AreEqual(0UL, response.Height);
        Assert.AreEqual(1UL, response.Epoch.StartHeight);
        CollectionAssert.AreEqual(new[] { "validator-0", "validator-1", "validator-2", "validator-3" }, response.Epoch.Validators.Select(v => v.Name).ToArray());
        Assert.AreEqual((1U, 3U), (response.Epoch.FaultsTolerated, response.Epoch.Quorum));
        Assert.AreEqual(Network.ValidatorKeys[2].Address, new Address(response.Epoch.Validators[2].Address.Span));
        Assert.AreEqual(2000U, response.Epoch.Parameters.MaxTxsPerBlock);
        Assert.IsNull(response.NextEpoch);
    }

    [TestMethod]
    public async Task Members_and_admins_come_from_genesis_with_the_approvals_a_proposal_needs()
    {
        using var chain = OpenChain();
        await using var api = await StartAsync(chain);
        var response = await api.Client.GetMembersAsync();
        CollectionAssert.AreEquivalent(Network.MemberKeys.Select(k => k.Address).ToArray(), response.Members.Select(a => new Address(a.Span)).ToArray());
        CollectionAssert.AreEqual(new[] { Network.MemberKeys[0].Address }, response.Admins.Select(a => new Address(a.Span)).ToArray());
        Assert.AreEqual(1U, response.Threshold, "a majority of one admin");
        Assert.AreEqual(Ledger.Genesis.GenesisLoader.DefaultProposalLifetimeBlocks, response.ProposalLifetimeBlocks);
    }

    [TestMethod]
    public async Task A_new_chain_lists_no_proposals_and_an_unknown_id_is_not_found()
    {
        using var chain = OpenChain();
        await using var api = await StartAsync(chain);
        Assert.AreEqual(0, (await api.Client.ListProposalsAsync(includeClosed: true)).Proposals.Count);
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => api.Client.GetProposalAsync(new byte[32]));
        Assert.AreEqual(StatusCode.NotFound, error.StatusCode);
        error = await Assert.ThrowsExactlyAsync<RpcException>(() => api.Client.GetProposalAsync(new byte[5]));
        Assert.AreEqual(StatusCode.InvalidArgument, error.StatusCode);
    }

    [TestMethod]
    public async Task The_set_at_a_height_is_the_epoch_in_force_there_and_the_epoch_after_it_is_shown()
    {
        using var chain = OpenChain();
        var builder = new TestChainBuilder(Network, chain);
        var history = chain.State.ReadEpochs();
        var genesisEpoch = history.Epochs[0];
        // A parameter change in force from 3 (same validators, so blocks there verify under any
        // rule), and a fifth validator scheduled far above the head.
        var faster = genesisEpoch.Clone();
        faster.StartHeight = 3;
        faster.Parameters.MaxTxsPerBlock = 500;
        var grown = faster.Clone();
        grown.StartHeight = 100;
        grown.Validators.Add(new ValidatorInfo { Name = "validator-4", PublicKey = ByteString.CopyFrom(Ledger.Crypto.PrivateKey.FromInsecureSeed("v4").PublicKey.Span), NetworkAddress = "127.0.0.1:27004" });
        history.Epochs.Add(faster);
        history.Epochs.Add(grown);
        CommitState(chain, builder, changes => changes.Set(StateKeys.Epochs, history.ToByteArray()));
        builder.Extend(3, 1);
        await using var api = await StartAsync(chain);

        var before = await api.Client.GetValidatorsAsync(2);
        Assert.AreEqual((1UL, 3UL), (before.Epoch.StartHeight, before.NextEpoch.StartHeight));
        Assert.AreEqual(2000U, before.Epoch.Parameters.MaxTxsPerBlock);

        var head = await api.Client.GetValidatorsAsync();
        Assert.AreEqual(4UL, head.Height);
        Assert.AreEqual(3UL, head.Epoch.StartHeight);
        Assert.AreEqual(500U, head.Epoch.Parameters.MaxTxsPerBlock);
        Assert.AreEqual(100UL, head.NextEpoch.StartHeight);
        Assert.AreEqual(5, head.NextEpoch.Validators.Count);
        Assert.AreEqual(1U, head.NextEpoch.FaultsTolerated);

        var above = await Assert.ThrowsExactlyAsync<RpcException>(() => api.Client.GetValidatorsAsync(5));
        Assert.AreEqual(StatusCode.InvalidArgument, above.StatusCode);
    }

    [TestMethod]
    public async Task Proposals_carry_their_approvals_and_heights_with_status_as_of_the_head()
    {
        using var chain = OpenChain();
        var builder = new TestChainBuilder(Network, chain);
        var admin = Network.MemberKeys[0].Address.ToByteString();
        var second = Network.MemberKeys[1].Address.ToByteString();
        var overdue = NewProposal(1, new GovernanceAction { MemberAdd = second }, expires: 3);
        var executed = NewProposal(2, new GovernanceAction { ValidatorRemove = "validator-3" }, expires: 1000);
        executed.Status = ProposalStatus.Executed;
        executed.ExecutedHeight = 1;
        executed.TakesEffectHeight = 3;
        executed.Approvals.Add(second);
        var open = NewProposal(3, new GovernanceAction { AdminAdd = second }, expires: 1000);
        var index = new ProposalIndex { Ids = { overdue.Id, executed.Id, open.Id } };
        CommitState(chain, builder, changes =>
        {
            foreach (var p in new[] { overdue, executed, open })
                changes.Set(StateKeys.Proposal(new Hash32(p.Id.Span)), p.ToByteArray());
            changes.Set(StateKeys.ProposalIndex, index.ToByteArray());
        });
        builder.Extend(3, 1);
        await using var api = await StartAsync(chain);

        var pending = await api.Client.ListProposalsAsync();
        CollectionAssert.AreEqual(new[] { open.Id }, pending.Proposals.Select(p => p.Id).ToArray(), "only the open one; the overdue one has expired");
        var all = await api.Client.ListProposalsAsync(includeClosed: true);
        CollectionAssert.AreEqual(new[] { ProposalStatus.Expired, ProposalStatus.Executed, ProposalStatus.Pending }, all.Proposals.Select(p => p.Status).ToArray());

        var got = (await api.Client.GetProposalAsync(executed.Id.ToByteArray())).Proposal;
        Assert.AreEqual(2, got.Approvals.Count);
        Assert.AreEqual((1UL, 3UL), (got.ExecutedHeight, got.TakesEffectHeight));
        Assert.AreEqual("executed at height 1, takes effect at height 3", GovernanceText.StatusLine(got));
        Assert.AreEqual("pending (1 of 2 approvals), expires at height 1000", GovernanceText.StatusLine(all.Proposals[2]));
        Assert.AreEqual("expired at height 3", GovernanceText.StatusLine(all.Proposals[0]));

        // The explorer's governance page reads the same state, newest first.
        var page = System.Text.Json.JsonSerializer.Serialize(new GovernanceViews(chain).Proposals(includeClosed: true), ExplorerApi.Json);
        StringAssert.Contains(page, "\"statusLine\":\"executed at height 1, takes effect at height 3\"");
        StringAssert.Contains(page, "\"action\":\"remove validator validator-3\"");
        Assert.IsLessThan(page.IndexOf("remove validator", StringComparison.Ordinal), page.IndexOf("add admin", StringComparison.Ordinal), "newest first");

        Proposal NewProposal(byte tag, GovernanceAction action, ulong expires)
        {
            var id = new byte[32];
            id[0] = tag;
            return new Proposal
            {
                Id = ByteString.CopyFrom(id),
                Action = action,
                Proposer = admin,
                CreatedHeight = 1,
                ExpiresHeight = expires,
                Approvals = { admin },
                Status = ProposalStatus.Pending,
                Threshold = 2,
            };
        }
    }

    private static ChainStore OpenChain() => ChainStore.Open(new MemoryKeyValueStore(), Network.Genesis, initializeIfEmpty: true);

    /// <summary>Commits an empty block whose state changes are <paramref name="write"/>'s, as the executor would.</summary>
    private static void CommitState(ChainStore chain, TestChainBuilder builder, Action<StateChanges> write)
    {
        var changes = new StateChanges();
        write(changes);
        var parent = chain.HeadBlock;
        var header = new BlockHeader
        {
            ChainId = Network.Genesis.ChainId,
            Height = parent.Height + 1,
            PreviousHash = parent.Hash.ToByteString(),
            TxRoot = DecodedBlock.ComputeTxRoot([]).ToByteString(),
            StateRoot = StateRoot.Next(new Hash32(chain.Head.StateRoot.Span), changes).ToByteString(),
            Proposer = Network.ValidatorKeys[0].Address.ToByteString(),
            TimestampMs = parent.Header.TimestampMs + 500,
            View = parent.Header.View,
        };
        var block = DecodedBlock.Create(header, []);
        chain.Commit(new FinalizedBlock { Block = block.Block, Certificate = builder.Certify(block.Height, block.Hash, header.View) }, changes);
    }

    private static async Task<Api> StartAsync(ChainStore chain)
    {
        var server = await LoopbackGrpcServer.StartAsync(new GovernanceOnly(new GovernanceQueries(chain)));
        return new Api(server, new PublicApiClient(server.Address));
    }

    /// <summary>The public API with only its governance reads, which is all these tests call.</summary>
    private sealed class GovernanceOnly(GovernanceQueries queries) : PublicApiService.PublicApiServiceBase
    {
        public override Task<GetValidatorsResponse> GetValidators(GetValidatorsRequest request, ServerCallContext context) => Task.FromResult(queries.GetValidators(request));

        public override Task<GetMembersResponse> GetMembers(GetMembersRequest request, ServerCallContext context) => Task.FromResult(queries.GetMembers());

        public override Task<ListProposalsResponse> ListProposals(ListProposalsRequest request, ServerCallContext context) => Task.FromResult(queries.ListProposals(request));

        public override Task<GetProposalResponse> GetProposal(GetProposalRequest request, ServerCallContext context) => Task.FromResult(queries.GetProposal(request));
    }

    private sealed record Api(LoopbackGrpcServer Server, PublicApiClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Server.DisposeAsync();
        }
    }
}
