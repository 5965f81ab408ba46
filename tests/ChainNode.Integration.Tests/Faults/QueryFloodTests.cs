using System.Diagnostics;
using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Language;
using ChainNode.Contracts.Vm;
using ChainNode.Integration.Tests.Network;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Rpc.Api;
using ChainNode.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace ChainNode.Integration.Tests.Faults;

/// <summary>
/// One client keeps 16 QueryContract calls of a view-function loop (each up to the 10 M query
/// gas cap) in flight on each of two validators. Consensus must keep committing, and the
/// queries past the node's concurrency bound get RESOURCE_EXHAUSTED rate_limited.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class QueryFloodTests
{
    private const string Spin = """
        contract Spin {
            init() { }
            pub view fn spin(n: u256) -> u256 {
                let x: u256 = 0;
                for i in 0..n { x = x + i; }
                return x;
            }
        }
        """;

    private const int InFlightPerValidator = 16;
    private const int Transfers = 15;

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_flood_of_expensive_contract_queries_does_not_stop_consensus_and_the_excess_is_refused()
    {
        await using var net = await LocalNetwork.StartAsync();
        try
        {
            var compiled = Compiler.Compile(Spin);
            var deploy = LocalNetwork.Sign(net.Members[0], new TxBody
            {
                ChainId = net.Genesis.ChainId,
                SenderPublicKey = net.Members[0].PublicKey.ToByteString(),
                Nonce = 0,
                GasLimit = 5_000_000,
                Deploy = new ContractDeploy { Code = ByteString.CopyFrom(compiled.Module) },
            });
            await net.Clients[2].SubmitTxAsync(deploy);
            var deployed = await Eventually.Async(() => net.Clients[2].GetTxAsync(TransactionCodec.HashOf(deploy).ToArray())!,
                r => r is { Status: TxStatus.Committed }, LocalNetwork.Patience, "the loop contract to deploy");
            var abi = compiled.Abi.Find("spin")!;
            var query = new QueryContractRequest
            {
                Contract = deployed.Receipt.ContractAddress,
                Input = ByteString.CopyFrom(AbiCodec.EncodeCall(Convert.ToUInt32(abi.Selector, 16), [(AbiType.U256, new Value(1_000_000_000_000))])),
            };
            await Eventually.Async(async () => (await net.Clients[0].QueryContractAsync(query)) is not null, LocalNetwork.Patience, "validator 0 to have the contract");
            var one = Stopwatch.StartNew();
            var sample = await net.Clients[0].QueryContractAsync(query);
            Console.WriteLine($"one query: {sample.GasUsed:N0} gas in {one.ElapsedMilliseconds} ms ({sample.Error})");

            var quiet = await CommitTransfersAsync(net);
            Console.WriteLine($"without flood: {quiet}");

            using var stop = new CancellationTokenSource();
            var outcomes = new Outcomes();
            var clients = new[] { 0, 1 }.Select(i => new PublicApiClient(new Uri(net.Description.Nodes[i].ApiUrl))).ToArray();
            var flood = clients.SelectMany(c => Enumerable.Range(0, InFlightPerValidator).Select(_ => QueryLoopAsync(c, query, outcomes, stop.Token))).ToList();
            try
            {
                var flooded = await CommitTransfersAsync(net);
                Console.WriteLine($"during flood: {flooded}; queries answered {outcomes.Answered}, refused {outcomes.Refused} ({outcomes.RefusalSample}), other errors {outcomes.Other}");
                Assert.IsTrue(flooded.Blocks >= Transfers / 2, $"consensus stalled during the flood: {flooded}");
                Assert.IsTrue(outcomes.Refused > 0, "no query past the concurrency bound was refused");
                StringAssert.StartsWith(outcomes.RefusalSample, "rate_limited:");
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(flood);
                foreach (var client in clients)
                    client.Dispose();
            }
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    private sealed record Rate(int Transfers, ulong Blocks, double Seconds)
    {
        public override string ToString() => $"{Transfers} transfers committed one after another in {Seconds:F1} s, {Blocks} blocks ({Blocks / Seconds:F2} blocks/s)";
    }

    // Closed loop: each transfer goes in through validator 2 and is awaited committed on validator 3.
    private static async Task<Rate> CommitTransfersAsync(LocalNetwork net)
    {
        var start = (await net.StatusAsync(3)).Height;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Transfers; i++)
        {
            var tx = net.Transfer(1, net.Members[2].Address, 1);
            await net.Clients[2].SubmitTxAsync(tx);
            var hash = TransactionCodec.HashOf(tx).ToArray();
            await Eventually.Async(async () => (await net.Clients[3].GetTxAsync(hash)).Status == TxStatus.Committed, LocalNetwork.Patience, $"transfer {i} to commit");
        }
        return new Rate(Transfers, (await net.StatusAsync(3)).Height - start, clock.Elapsed.TotalSeconds);
    }

    private sealed class Outcomes
    {
        public int Answered;
        public int Refused;
        public int Other;
        public string RefusalSample = "";
    }

    private static async Task QueryLoopAsync(PublicApiClient client, QueryContractRequest query, Outcomes outcomes, CancellationToken stop)
    {
        // Paces retries after a refusal so the test measures what the queries cost, not a request flood.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await client.QueryContractAsync(query, stop);
                Interlocked.Increment(ref outcomes.Answered);
                continue;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                Interlocked.Increment(ref outcomes.Refused);
                outcomes.RefusalSample = e.Status.Detail;
            }
            catch (RpcException)
            {
                Interlocked.Increment(ref outcomes.Other);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await pace.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
