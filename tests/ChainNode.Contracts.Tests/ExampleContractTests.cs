using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Vm;
using ChainNode.Ledger.Protos;

namespace ChainNode.Contracts.Tests;

[TestClass]
public sealed class ExampleContractTests
{
    [TestMethod]
    public void Token_mints_transfers_and_spends_allowances()
    {
        using var h = new ContractHarness();
        var token = ContractHarness.Example("token");
        var (deployed, address) = h.Deploy(0, token, [(AbiType.U256, ContractHarness.Int(1_000))]);
        Assert.AreEqual(ReceiptStatus.Success, deployed.Status, deployed.Error);
        Assert.AreEqual(1, deployed.Events.Count);

        var sent = h.Call(0, address, token, "transfer", [ContractHarness.Addr(ContractHarness.Member(1)), ContractHarness.Int(300)]);
        Assert.AreEqual(ReceiptStatus.Success, sent.Status, sent.Error);
        Assert.AreEqual(ContractHarness.Int(700), h.QueryValue(address, token, "balanceOf", ContractHarness.Addr(ContractHarness.Member(0))));
        Assert.AreEqual(ContractHarness.Int(300), h.QueryValue(address, token, "balanceOf", ContractHarness.Addr(ContractHarness.Member(1))));
        Assert.AreEqual(Value.One, new Value(new System.Numerics.BigInteger(sent.ReturnData.Span, isUnsigned: true, isBigEndian: true)));

        h.Call(1, address, token, "approve", [ContractHarness.Addr(ContractHarness.Member(2)), ContractHarness.Int(100)]);
        var spent = h.Call(2, address, token, "transferFrom", [ContractHarness.Addr(ContractHarness.Member(1)), ContractHarness.Addr(ContractHarness.Member(3)), ContractHarness.Int(60)]);
        Assert.AreEqual(ReceiptStatus.Success, spent.Status, spent.Error);
        Assert.AreEqual(ContractHarness.Int(40), h.QueryValue(address, token, "allowance", ContractHarness.Addr(ContractHarness.Member(1)), ContractHarness.Addr(ContractHarness.Member(2))));
        var over = h.Call(2, address, token, "transferFrom", [ContractHarness.Addr(ContractHarness.Member(1)), ContractHarness.Addr(ContractHarness.Member(3)), ContractHarness.Int(41)]);
        Assert.AreEqual("reverted: allowance exceeded", over.Error);

        var mint = h.Call(1, address, token, "mint", [ContractHarness.Addr(ContractHarness.Member(1)), ContractHarness.Int(5)]);
        Assert.AreEqual(ReceiptStatus.Failed, mint.Status);
        Assert.AreEqual("reverted: only the owner can mint", mint.Error);
        Assert.AreEqual(ContractHarness.Int(1_000), h.QueryValue(address, token, "totalSupply"));
    }

    [TestMethod]
    public void A_reverted_call_rolls_back_its_writes_and_events_but_uses_its_nonce_and_gas()
    {
        using var h = new ContractHarness();
        var token = ContractHarness.Example("token");
        var (_, address) = h.Deploy(0, token, [(AbiType.U256, ContractHarness.Int(10))]);
        var failed = h.Call(0, address, token, "transfer", [ContractHarness.Addr(ContractHarness.Member(1)), ContractHarness.Int(11)]);
        Assert.AreEqual(ReceiptStatus.Failed, failed.Status);
        Assert.AreEqual("reverted: insufficient token balance", failed.Error);
        Assert.AreEqual(0, failed.Events.Count);
        Assert.IsTrue(failed.GasUsed > 21_000);
        Assert.AreEqual(ContractHarness.Int(10), h.QueryValue(address, token, "balanceOf", ContractHarness.Addr(ContractHarness.Member(0))));
        Assert.AreEqual(2UL, h.State.GetAccount(ContractHarness.Member(0)).Nonce);
    }

    [TestMethod]
    public void Running_out_of_gas_fails_the_tx_and_uses_the_whole_limit()
    {
        using var h = new ContractHarness();
        var voting = ContractHarness.Example("voting");
        var (_, address) = h.Deploy(0, voting, [(AbiType.U256, ContractHarness.Int(3))]);
        var starved = h.Call(1, address, voting, "vote", [ContractHarness.Int(1)], gas: 21_500);
        Assert.AreEqual(ReceiptStatus.Failed, starved.Status);
        StringAssert.StartsWith(starved.Error, "out of gas");
        Assert.AreEqual(21_500UL, starved.GasUsed);
        Assert.AreEqual(ContractHarness.Int(0), h.QueryValue(address, voting, "votesFor", ContractHarness.Int(1)));
    }

    [TestMethod]
    public void Escrow_pays_the_seller_only_when_the_arbiter_releases()
    {
        using var h = new ContractHarness();
        var escrow = ContractHarness.Example("escrow");
        var seller = ContractHarness.Member(1);
        var before = h.State.GetAccount(seller).Balance;
        var (deployed, address) = h.Deploy(0, escrow, [(AbiType.Address, ContractHarness.Addr(seller)), (AbiType.Address, ContractHarness.Addr(ContractHarness.Member(2)))], amount: 500);
        Assert.AreEqual(ReceiptStatus.Success, deployed.Status, deployed.Error);
        Assert.AreEqual(ContractHarness.Int(500), h.QueryValue(address, escrow, "deposit"));
        Assert.AreEqual("reverted: only the arbiter can settle", h.Call(1, address, escrow, "release", []).Error);
        Assert.AreEqual(ReceiptStatus.Success, h.Call(2, address, escrow, "release", []).Status);
        Assert.AreEqual(before + 500, h.State.GetAccount(seller).Balance);
        Assert.AreEqual("reverted: already settled", h.Call(2, address, escrow, "refund", []).Error);
    }

    [TestMethod]
    public void Voting_is_for_members_once_each()
    {
        using var h = new ContractHarness();
        var voting = ContractHarness.Example("voting");
        var (_, address) = h.Deploy(0, voting, [(AbiType.U256, ContractHarness.Int(3))]);
        Assert.AreEqual(ReceiptStatus.Success, h.Call(1, address, voting, "vote", [ContractHarness.Int(2)]).Status);
        Assert.AreEqual(ReceiptStatus.Success, h.Call(2, address, voting, "vote", [ContractHarness.Int(2)]).Status);
        Assert.AreEqual(ReceiptStatus.Success, h.Call(3, address, voting, "vote", [ContractHarness.Int(1)]).Status);
        Assert.AreEqual("reverted: already voted", h.Call(1, address, voting, "vote", [ContractHarness.Int(0)]).Error);
        Assert.AreEqual("reverted: no such proposal", h.Call(4, address, voting, "vote", [ContractHarness.Int(9)]).Error);
        Assert.AreEqual(ContractHarness.Int(2), h.QueryValue(address, voting, "winner"));
        Assert.AreEqual("reverted: only the chair can close the vote", h.Call(1, address, voting, "close", []).Error);
    }

    [TestMethod]
    public void A_contract_calls_another_and_a_failing_callee_fails_the_whole_tx()
    {
        using var h = new ContractHarness();
        var token = ContractHarness.Example("token");
        var (_, tokenAddress) = h.Deploy(0, token, [(AbiType.U256, ContractHarness.Int(1_000))]);
        var proxy = Language.Compiler.Compile("""
            contract Proxy {
                pub fn balanceVia(token: address, who: address) -> u256 {
                    return to_u256(call(token, "balanceOf(address)", who));
                }
                pub fn mintVia(token: address) {
                    let ignored: bytes = call(token, "mint(address,u256)", self, 1);
                }
            }
            """);
        var (deployed, proxyAddress) = h.Deploy(1, proxy);
        Assert.AreEqual(ReceiptStatus.Success, deployed.Status, deployed.Error);
        Assert.AreEqual(ContractHarness.Int(1_000), h.QueryValue(proxyAddress, proxy, "balanceVia", ContractHarness.Addr(tokenAddress), ContractHarness.Addr(ContractHarness.Member(0))));
        var denied = h.Call(1, proxyAddress, proxy, "mintVia", [ContractHarness.Addr(tokenAddress)]);
        Assert.AreEqual("reverted: only the owner can mint", denied.Error); // the token saw the proxy as its caller
    }

    [TestMethod]
    public void Queries_change_nothing()
    {
        using var h = new ContractHarness();
        var token = ContractHarness.Example("token");
        var (_, address) = h.Deploy(0, token, [(AbiType.U256, ContractHarness.Int(5))]);
        var before = h.State.WriteCount;
        var result = h.Query(address, token, "transfer", ContractHarness.Addr(ContractHarness.Member(1)), ContractHarness.Int(5));
        Assert.IsTrue(result.Success, result.Error);
        Assert.AreEqual(before, h.State.WriteCount);
        Assert.AreEqual(ContractHarness.Int(5), h.QueryValue(address, token, "balanceOf", ContractHarness.Addr(ContractHarness.Member(0))));
    }
}
