using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using Grpc.Core;

namespace ChainNode.Integration.Tests.Network;

/// <summary>Four validator processes on a chain with a non-zero gas price.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class GasPriceNetworkTests
{
    private const ulong Price = 10, TransferFee = 21_000 * Price;

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task At_a_gas_price_fees_reach_the_proposer_unused_gas_is_refunded_and_no_coin_is_created()
    {
        await using var net = await LocalNetwork.StartAsync(gasPrice: Price);
        var api = net.Clients[1];
        var members = net.Members.Select(m => m.Address).ToArray();
        var supplyBefore = await SupplyAsync(api, members);
        var balance0 = (await api.GetAccountAsync(members[0].ToArray())).Balance;

        var paid = await LocalNetwork.CommitAsync(api, net.Transfer(0, members[1], 1_000, gasLimit: 50_000));

        Assert.AreEqual(ReceiptStatus.Success, paid.Receipt.Status, paid.Receipt.Error);
        Assert.AreEqual(balance0 - 1_000 - TransferFee, (await api.GetAccountAsync(members[0].ToArray())).Balance, "the fee of the used gas only");
        var proposer = new Address((await api.GetBlockAsync(paid.BlockHeight)).Header.Proposer.Span);
        Assert.AreEqual(TransferFee, (await api.GetAccountAsync(proposer.ToArray())).Balance);
        Assert.AreEqual(supplyBefore, await SupplyAsync(api, [.. members, proposer]));

        // What the value leaves for the fee decides: one coin too many is refused, exactly enough empties the account.
        var balance2 = (await api.GetAccountAsync(members[2].ToArray())).Balance;
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => api.SubmitTxAsync(net.Transfer(2, members[3], balance2 - TransferFee + 1, nonce: 0)));
        Assert.AreEqual(StatusCode.FailedPrecondition, error.StatusCode, error.Status.Detail);
        StringAssert.StartsWith(error.Status.Detail, "insufficient_balance: ");
        var emptied = await LocalNetwork.CommitAsync(api, net.Transfer(2, members[3], balance2 - TransferFee, nonce: 0));
        Assert.AreEqual(ReceiptStatus.Success, emptied.Receipt.Status, emptied.Receipt.Error);
        Assert.AreEqual(0UL, (await api.GetAccountAsync(members[2].ToArray())).Balance);
        await net.AssertIdenticalChainsAsync([0, 1, 2, 3], emptied.BlockHeight);
    }


    private static async Task<UInt128> SupplyAsync(PublicApiClient api, IEnumerable<Address> accounts)
    {
        var sum = UInt128.Zero;
        foreach (var account in accounts)
            sum += (await api.GetAccountAsync(account.ToArray())).Balance;
        return sum;
    }
}
