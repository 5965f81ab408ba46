using System.Text.Json.Nodes;
using ChainNode.Integration.Tests.Network;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using ChainNode.Testing;
using Grpc.Core;

namespace ChainNode.Integration.Tests.Governance;

/// <summary>Admins govern membership on a running 4-validator network of real processes.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class MembershipGovernanceTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_new_key_is_refused_until_an_admin_adds_her_and_again_once_she_is_removed()
    {
        await using var net = await LocalNetwork.StartAsync();
        var txs = new GovernanceTxFactory(net.Genesis.ChainId);
        var admin = net.Members[0];
        var alice = PrivateKey.Generate();
        var api = net.Clients[1];
        await LocalNetwork.CommitAsync(api, txs.Transfer(admin, alice.Address, 1_000_000));

        var refused = new GovernanceTxFactory(net.Genesis.ChainId).Transfer(alice, admin.Address, 1); // a refused tx takes no nonce
        await AssertRefusedAsync(api, refused, StatusCode.PermissionDenied, "not_member: ");
        var added = await LocalNetwork.CommitAsync(api, txs.Propose(admin, GovernanceTxFactory.MemberAdd(alice.Address)));
        Assert.AreEqual(ReceiptStatus.Success, added.Receipt.Status, added.Receipt.Error);

        var sent = await LocalNetwork.CommitAsync(api, txs.Transfer(alice, admin.Address, 1));
        Assert.AreEqual(ReceiptStatus.Success, sent.Receipt.Status, sent.Receipt.Error);

        var removed = await LocalNetwork.CommitAsync(api, txs.Propose(admin, GovernanceTxFactory.MemberRemove(alice.Address)));
        Assert.AreEqual(ReceiptStatus.Success, removed.Receipt.Status, removed.Receipt.Error);
        await AssertRefusedAsync(api, txs.Transfer(alice, admin.Address, 1), StatusCode.PermissionDenied, "not_member: ");
        await net.AssertIdenticalChainsAsync([0, 1, 2, 3], removed.BlockHeight);
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task With_two_of_three_admins_one_approval_waits_the_second_executes_a_repeat_counts_once_and_a_non_admin_is_refused()
    {
        await using var net = await LocalNetwork.StartAsync(afterInit: folder => ThreeAdminsThresholdTwo(folder, lifetimeBlocks: 0));
        var txs = new GovernanceTxFactory(net.Genesis.ChainId);
        var (first, second, outsider) = (net.Members[0], net.Members[1], net.Members[3]);
        var bob = PrivateKey.Generate();
        var api = net.Clients[2];

        await AssertRefusedAsync(api, txs.Propose(outsider, GovernanceTxFactory.MemberAdd(bob.Address)), StatusCode.PermissionDenied, "not_admin: ");
        var proposed = await LocalNetwork.CommitAsync(api, txs.Propose(first, GovernanceTxFactory.MemberAdd(bob.Address)));
        Assert.AreEqual(ReceiptStatus.Success, proposed.Receipt.Status, proposed.Receipt.Error);
        var id = new Hash32(proposed.Receipt.TxHash.Span);
        var repeat = await LocalNetwork.CommitAsync(api, txs.Approve(first, id));
        Assert.AreEqual(ReceiptStatus.Failed, repeat.Receipt.Status, "a second approval by the same admin counts once");
        StringAssert.Contains(repeat.Receipt.Error, "already approved");
        var members = await api.GetMembersAsync();
        Assert.IsFalse(members.Members.Any(m => m.Span.SequenceEqual(bob.Address.Span)), "one approval of two leaves the proposal pending");

        var approved = await LocalNetwork.CommitAsync(api, txs.Approve(second, id));
        Assert.AreEqual(ReceiptStatus.Success, approved.Receipt.Status, approved.Receipt.Error);
        members = await api.GetMembersAsync();
        Assert.IsTrue(members.Members.Any(m => m.Span.SequenceEqual(bob.Address.Span)), "the second approval executes it");
        await net.AssertIdenticalChainsAsync([0, 1, 2, 3], approved.BlockHeight);
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_proposal_that_expires_before_its_second_approval_cannot_execute()
    {
        const ulong Lifetime = 4;
        await using var net = await LocalNetwork.StartAsync(afterInit: folder => ThreeAdminsThresholdTwo(folder, Lifetime));
        var txs = new GovernanceTxFactory(net.Genesis.ChainId);
        var carol = PrivateKey.Generate();
        var api = net.Clients[0];
        var proposed = await LocalNetwork.CommitAsync(api, txs.Propose(net.Members[0], GovernanceTxFactory.MemberAdd(carol.Address)));
        var id = new Hash32(proposed.Receipt.TxHash.Span);
        var proposal = (await api.GetProposalAsync(id.ToArray())).Proposal;
        Assert.AreEqual(proposed.BlockHeight + Lifetime, proposal.ExpiresHeight);
        await net.WaitForHeightAsync(0, proposal.ExpiresHeight);

        var late = await LocalNetwork.CommitAsync(api, txs.Approve(net.Members[1], id));
        Assert.AreEqual(ReceiptStatus.Failed, late.Receipt.Status);
        StringAssert.Contains(late.Receipt.Error, "expired");
        Assert.AreEqual(ProposalStatus.Expired, (await api.GetProposalAsync(id.ToArray())).Proposal.Status);
        Assert.IsFalse((await api.GetMembersAsync()).Members.Any(m => m.Span.SequenceEqual(carol.Address.Span)));
    }

    // Members 0, 1 and 2 become admins and every proposal needs two of them.
    private static void ThreeAdminsThresholdTwo(string folder, ulong lifetimeBlocks)
    {
        foreach (var file in Directory.GetFiles(folder, "genesis.json", SearchOption.AllDirectories))
        {
            var genesis = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var members = genesis["members"]!.AsArray();
            genesis["admins"] = new JsonArray(members.Take(3).Select(m => (JsonNode?)m!["address"]!.GetValue<string>()).ToArray());
            genesis["governance"] = lifetimeBlocks == 0
                ? new JsonObject { ["threshold"] = 2 }
                : new JsonObject { ["threshold"] = 2, ["proposalLifetimeBlocks"] = lifetimeBlocks };
            File.WriteAllText(file, genesis.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
    }

    private static async Task AssertRefusedAsync(PublicApiClient api, SignedTx tx, StatusCode status, string reason)
    {
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => api.SubmitTxAsync(tx));
        Assert.AreEqual(status, error.StatusCode, error.Status.Detail);
        StringAssert.StartsWith(error.Status.Detail, reason);
    }

}
