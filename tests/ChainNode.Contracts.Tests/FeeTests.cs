using ChainNode.Contracts.Language;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Contracts.Tests;

/// <summary>
/// Deploys and calls that carry coins, at a non-zero gas price: the maximum fee is reserved
/// before the value moves, so a value that leaves too little for the fee fails the tx and no
/// balance ever wraps.
/// </summary>
[TestClass]
public sealed class FeeTests
{
    private const ulong Price = 1;
    private static readonly Address Proposer = ContractHarness.Network.ValidatorKeys[0].Address;
    private static readonly CompiledContract Vault = Compiler.Compile("""
        contract Vault {
            init() payable {
            }

            pub payable fn deposit() {
            }
        }
        """);

    private static ContractHarness PricedHarness() => new() { Block = new BlockContext(1, 1_700_000_000_000, Proposer, Price) };

    private static UInt128 Supply(ContractHarness h, params Address[] contracts) =>
        ContractHarness.Network.MemberKeys.Select(k => k.Address).Append(Proposer).Concat(contracts)
            .Aggregate(UInt128.Zero, (sum, a) => sum + h.State.GetAccount(a).Balance);

    [TestMethod]
    public void A_call_whose_value_and_fee_together_exceed_the_balance_fails_and_never_wraps_the_balance()
    {
        using var h = PricedHarness();
        var (deployed, vault) = h.Deploy(1, Vault, gas: 1_000_000);
        Assert.AreEqual(ReceiptStatus.Success, deployed.Status, deployed.Error);
        const ulong gas = 100_000;
        h.State.SetAccount(ContractHarness.Member(0), new Account { Balance = gas * Price + 500 });
        var before = Supply(h, vault);

        var receipt = h.Call(0, vault, Vault, "deposit", [], amount: 1_000, gas: gas);

        Assert.AreEqual(ReceiptStatus.Failed, receipt.Status);
        StringAssert.Contains(receipt.Error, "insufficient balance");
        Assert.AreEqual(gas * Price + 500 - receipt.GasUsed * Price, h.State.GetAccount(ContractHarness.Member(0)).Balance);
        Assert.AreEqual(0UL, h.State.GetAccount(vault).Balance);
        Assert.AreEqual(before, Supply(h, vault), "no coin was created");
    }

    [TestMethod]
    public void A_deploy_whose_value_and_fee_together_exceed_the_balance_fails_and_never_wraps_the_balance()
    {
        using var h = PricedHarness();
        const ulong gas = 1_000_000;
        h.State.SetAccount(ContractHarness.Member(0), new Account { Balance = gas * Price + 500 });
        var before = Supply(h);

        var (receipt, _) = h.Deploy(0, Vault, amount: 1_000, gas: gas);

        Assert.AreEqual(ReceiptStatus.Failed, receipt.Status);
        StringAssert.Contains(receipt.Error, "insufficient balance");
        Assert.AreEqual(gas * Price + 500 - receipt.GasUsed * Price, h.State.GetAccount(ContractHarness.Member(0)).Balance);
        Assert.AreEqual(before, Supply(h), "no coin was created");
    }

    [TestMethod]
    public void A_paying_call_moves_its_value_pays_the_used_gas_to_the_proposer_and_refunds_the_rest()
    {
        using var h = PricedHarness();
        var (_, vault) = h.Deploy(1, Vault, gas: 1_000_000);
        var proposerBefore = h.State.GetAccount(Proposer).Balance;
        var before = Supply(h, vault);

        var receipt = h.Call(0, vault, Vault, "deposit", [], amount: 1_000, gas: 1_000_000);

        Assert.AreEqual(ReceiptStatus.Success, receipt.Status, receipt.Error);
        Assert.IsLessThan(1_000_000UL, receipt.GasUsed);
        Assert.AreEqual(1_000UL, h.State.GetAccount(vault).Balance);
        Assert.AreEqual(TestNetworkBalance - 1_000 - receipt.GasUsed * Price, h.State.GetAccount(ContractHarness.Member(0)).Balance);
        Assert.AreEqual(proposerBefore + receipt.GasUsed * Price, h.State.GetAccount(Proposer).Balance);
        Assert.AreEqual(before, Supply(h, vault));
    }

    private const ulong TestNetworkBalance = ChainNode.Testing.TestNetwork.InitialBalance;
}
