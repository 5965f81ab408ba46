using System.Text.Json;
using ChainNode.Ledger.Transactions;
using ChainNode.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace ChainNode.Integration.Tests.Network;

/// <summary>
/// A standard gRPC client (@grpc/grpc-js with @grpc/proto-loader reading the node's own .proto
/// files) against a running validator: submit a signed tx, stream blocks, get an error status.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Npm")]
public sealed class PublicApiInteropTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task Grpc_js_submits_a_tx_streams_its_block_and_sees_a_refusal()
    {
        var interop = Path.Combine(RepoPaths.Root, "tests", "interop");
        Assert.IsTrue(Directory.Exists(Path.Combine(interop, "node_modules", "@grpc", "proto-loader")),
            "@grpc/proto-loader is not installed: run `npm ci` in tests/interop (scripts/test.sh does)");
        await using var net = await LocalNetwork.StartAsync();
        try
        {
            var tx = net.Transfer(0, net.Members[1].Address, 42);
            var wrongChain = net.Transfer(1, net.Members[0].Address, 1, chainId: "another-chain", nonce: 0);
            var api = new Uri(net.Description.Nodes[1].ApiUrl);
            var result = await ProcessRunner.RunAsync("node", [Path.Combine(interop, "public-api.mjs"), $"{api.Host}:{api.Port}",
                Convert.ToBase64String(tx.ToByteArray()), Convert.ToBase64String(wrongChain.ToByteArray()), "2"], TimeSpan.FromSeconds(60));
            Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
            var steps = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.Clone())
                .ToDictionary(e => e.GetProperty("step").GetString()!);

            Assert.AreEqual(net.Genesis.ChainId, steps["status"].GetProperty("chainId").GetString());
            var governance = steps["governance"];
            Assert.AreEqual("1", governance.GetProperty("startHeight").GetString(), governance.ToString());
            Assert.AreEqual(net.Genesis.Validators.Count, governance.GetProperty("names").GetArrayLength());
            Assert.AreEqual(net.Genesis.Members.Count, governance.GetProperty("members").GetInt32());
            var hash = TransactionCodec.HashOf(tx).ToString();
            Assert.AreEqual("accepted", steps["submit"].GetProperty("status").GetString(), steps["submit"].ToString());
            Assert.AreEqual(hash, steps["submit"].GetProperty("txHash").GetString());
            Assert.AreEqual((int)StatusCode.InvalidArgument, steps["refused"].GetProperty("code").GetInt32());
            StringAssert.StartsWith(steps["refused"].GetProperty("details").GetString(), "wrong_chain_id: ");
            var blocks = steps["blocks"].GetProperty("blocks").EnumerateArray().ToList();
            var carrying = blocks.Single(b => b.GetProperty("txHashes").EnumerateArray().Any(h => h.GetString() == hash));
            Assert.IsTrue(carrying.GetProperty("signers").GetInt32() >= net.Genesis.Validators.QuorumSize);
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }
}
