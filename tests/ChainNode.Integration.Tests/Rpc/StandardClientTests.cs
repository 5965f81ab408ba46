using System.IO.Compression;
using System.Text.Json;
using ChainNode.Integration.Tests.Network;
using ChainNode.Rpc.Api;
using ChainNode.Testing;
using Google.Protobuf;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ChainNode.Integration.Tests.Rpc;

/// <summary>
/// What a standard gRPC client expects of the public port, checked with tools no one here wrote:
/// buf lint on the protos, buf curl through server reflection (no .proto file), the
/// grpc.health.v1 service, and gzip-compressed requests.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Npm")]
public sealed class StandardClientTests
{
    private static readonly string Buf = Path.Combine(RepoPaths.Root, "tests", "interop", "node_modules", ".bin", "buf");

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task The_protos_pass_buf_lint()
    {
        RequireBuf();
        var lint = await ProcessRunner.RunAsync(Buf, ["lint", Path.Combine(RepoPaths.Root, "proto")], TimeSpan.FromSeconds(60));
        Assert.AreEqual(0, lint.ExitCode, lint.StandardOutput + lint.StandardError);
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task Buf_curl_finds_the_public_api_by_reflection_calls_it_and_sees_health_follow_the_quorum()
    {
        RequireBuf();
        await using var net = await LocalNetwork.StartAsync();
        try
        {
            var api = net.Description.Nodes[0].ApiUrl;
            var methods = await BufCurlAsync("--list-methods", api);
            StringAssert.Contains(methods, "chainnode.api.v1.PublicApiService/SubmitTx");
            StringAssert.Contains(methods, "grpc.health.v1.Health/Check");
            Assert.IsFalse(methods.Contains("chainnode.peer", StringComparison.Ordinal), "the peer protocol is not described on the public port:\n" + methods);

            var status = JsonDocument.Parse(await BufCurlAsync("-d", "{}", $"{api}/chainnode.api.v1.PublicApiService/GetStatus")).RootElement;
            Assert.AreEqual(net.Genesis.ChainId, status.GetProperty("chainId").GetString());
            Assert.AreEqual("SERVING", Health(await BufCurlAsync("-d", "{}", $"{api}/grpc.health.v1.Health/Check")));

            // Two of four validators gone: node 0 can no longer reach a quorum of three.
            await net.Nodes[2].StopAsync();
            await net.Nodes[3].StopAsync();
            using var channel = GrpcChannel.ForAddress(api);
            var health = new Health.HealthClient(channel);
            await Eventually.Async(async () => (await health.CheckAsync(new HealthCheckRequest())).Status, s => s == HealthCheckResponse.Types.ServingStatus.NotServing,
                LocalNetwork.Patience, "node 0's health to report NOT_SERVING");
            Assert.AreEqual("NOT_SERVING", Health(await BufCurlAsync("-d", "{}", $"{api}/grpc.health.v1.Health/Check")));
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_gzip_compressed_request_is_accepted()
    {
        await using var net = await LocalNetwork.StartAsync(validators: 1, members: 1);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(new GetAccountRequest { Address = net.Members[0].Address.ToByteString() }.ToByteArray());
        using var raw = new RawGrpcClient(new Uri(net.Description.Nodes[0].ApiUrl));
        var response = GetAccountResponse.Parser.ParseFrom(await raw.UnaryRawAsync("/chainnode.api.v1.PublicApiService/GetAccount", compressed.ToArray(),
            compressedFlag: true, grpcEncoding: "gzip"));
        Assert.AreEqual(net.Description.Members[0].Balance, response.Balance);
    }

    private static void RequireBuf() =>
        Assert.IsTrue(File.Exists(Buf), "buf is not installed: run `npm ci` in tests/interop (scripts/test.sh does)");

    private static async Task<string> BufCurlAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(Buf, ["curl", "--protocol", "grpc", "--http2-prior-knowledge", .. arguments], TimeSpan.FromSeconds(60));
        Assert.AreEqual(0, result.ExitCode, $"buf curl {string.Join(' ', arguments)}: {result.StandardOutput}{result.StandardError}");
        return result.StandardOutput;
    }

    private static string Health(string json) => JsonDocument.Parse(json).RootElement.GetProperty("status").GetString()!;
}
