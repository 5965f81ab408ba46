using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using Google.Protobuf;

namespace ChainNode.Contracts.Tests;

/// <summary>
/// What one contract call costs the garbage collector. Every validator runs every call, so bytes
/// allocated per call are multiplied by the network's throughput and its validators: a machine
/// that set aside its full 1,024-value stack for each call allocated 33 KB per token transfer,
/// and the collections that followed took more CPU than the contract itself.
/// </summary>
[TestClass]
public sealed class AllocationTests
{
    private const int Calls = 50;

    [TestMethod]
    public void A_stack_that_grows_on_demand_still_stops_at_the_limit()
    {
        using var h = new ContractHarness();
        // Each frame leaves six values on the shared stack before it recurses: 250 frames need 1,500.
        var deep = Language.Compiler.Compile("""
            contract Deep {
                init() {
                }

                pub view fn sum(n: u256) -> u256 {
                    if n == 0 {
                        return 0;
                    }
                    return 1 + (2 + (3 + (4 + (5 + (6 + sum(n - 1))))));
                }
            }
            """);
        var (deployed, address) = h.Deploy(0, deep);
        Assert.AreEqual(ReceiptStatus.Success, deployed.Status, deployed.Error);
        Assert.AreEqual(ContractHarness.Int(210), h.QueryValue(address, deep, "sum", ContractHarness.Int(10)), "a shallow call grows the stack past its first size");
        var overflow = h.Call(0, address, deep, "sum", [ContractHarness.Int(250)], gas: 50_000_000);
        Assert.AreEqual(ReceiptStatus.Failed, overflow.Status);
        Assert.AreEqual($"failed: stack overflow ({Vm.VmLimits.Default.MaxStackDepth} values)", overflow.Error);
    }

    [TestMethod]
    public void A_token_transfer_allocates_less_than_a_full_machine_stack()
    {
        using var h = new ContractHarness();
        var token = ContractHarness.Example("token");
        var (_, address) = h.Deploy(0, token, [(Contracts.Abi.AbiType.U256, ContractHarness.Int(1_000_000))]);
        var input = ByteString.CopyFrom(ContractHarness.CallData(token, "transfer", [ContractHarness.Addr(ContractHarness.Member(1)), ContractHarness.Int(1)]));
        var calls = Enumerable.Range(0, Calls + 1)
            .Select(_ => TransactionCodec.Verify(h.Sign(0, b => b.Call = new ContractCall { Contract = address.ToByteString(), Input = input }, 1_000_000), ContractHarness.Network.Genesis.ChainId))
            .ToList();
        Assert.AreEqual(ReceiptStatus.Success, h.Executor.Apply(calls[0], h.Block, 0, h.State).Status, "warm-up call");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i <= Calls; i++)
            h.Executor.Apply(calls[i], h.Block, (uint)i, h.State);
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;

        var fullStack = Vm.VmLimits.Default.MaxStackDepth * System.Runtime.CompilerServices.Unsafe.SizeOf<Vm.Value>();
        Console.WriteLine($"{perCall:N0} bytes per token transfer; a full stack is {fullStack:N0}");
        Assert.IsTrue(perCall < fullStack / 2, $"{perCall:N0} bytes allocated per token transfer (a full machine stack is {fullStack:N0})");
    }
}
