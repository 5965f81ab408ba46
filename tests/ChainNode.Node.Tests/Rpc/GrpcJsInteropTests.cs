using System.Text.Json;
using ChainNode.Rpc.Transport;
using ChainNode.Testing;
using Google.Protobuf.WellKnownTypes;

namespace ChainNode.Node.Tests.Rpc;

/// <summary>
/// A standard gRPC client, @grpc/grpc-js on Node.js, against our Kestrel server: proof that the
/// framing, trailers and status codes are the real protocol. scripts/test.sh installs it with
/// `npm ci` in tests/interop.
/// </summary>
[TestClass]
public sealed class GrpcJsInteropTests
{
    private static readonly string InteropDirectory = Path.Combine(RepoPaths.Root, "tests", "interop");

    private static async Task<List<JsonElement>> CallAsync(Uri server, params string[] arguments)
    {
        Assert.IsTrue(Directory.Exists(Path.Combine(InteropDirectory, "node_modules", "@grpc", "grpc-js")),
            "@grpc/grpc-js is not installed: run `npm ci` in tests/interop (scripts/test.sh does)");
        var result = await ProcessRunner.RunAsync("node", [Path.Combine(InteropDirectory, "grpc-call.mjs"), $"{server.Host}:{server.Port}", .. arguments], TimeSpan.FromSeconds(30));
        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private static async Task<LoopbackGrpcServer> StartAsync()
    {
        var router = new GrpcRouter();
        router.MapUnary("/chainnode.test.Test/Echo", StringValue.Parser, (request, _) =>
            request.Value == "reject"
                ? throw new RpcException(GrpcStatusCode.FailedPrecondition, "nonce too low: expected 7, got 3")
                : Task.FromResult(new StringValue { Value = "echo: " + request.Value }));
        router.MapServerStreaming<UInt64Value, UInt64Value>("/chainnode.test.Test/Count", UInt64Value.Parser, async (request, send, _) =>
        {
            for (ulong i = 1; i <= request.Value; i++)
                await send(new UInt64Value { Value = i });
        });
        return await LoopbackGrpcServer.StartAsync(router);
    }

    [TestMethod]
    public async Task Grpc_js_makes_a_unary_call()
    {
        await using var server = await StartAsync();
        var lines = await CallAsync(server.Address, "unary", "/chainnode.test.Test/Echo", "héllo");
        Assert.AreEqual("echo: héllo", lines.Single().GetProperty("value").GetString());
    }

    [TestMethod]
    public async Task Grpc_js_reads_a_server_stream_to_its_end()
    {
        await using var server = await StartAsync();
        var lines = await CallAsync(server.Address, "stream", "/chainnode.test.Test/Count", "25");
        CollectionAssert.AreEqual(Enumerable.Range(1, 25).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            lines.Where(l => l.TryGetProperty("value", out _)).Select(l => l.GetProperty("value").GetString()).ToList());
        Assert.IsTrue(lines[^1].GetProperty("end").GetBoolean());
    }

    [TestMethod]
    public async Task Grpc_js_sees_error_statuses_and_unknown_methods()
    {
        await using var server = await StartAsync();
        var rejected = (await CallAsync(server.Address, "unary", "/chainnode.test.Test/Echo", "reject")).Single();
        Assert.AreEqual((int)GrpcStatusCode.FailedPrecondition, rejected.GetProperty("code").GetInt32());
        Assert.AreEqual("nonce too low: expected 7, got 3", rejected.GetProperty("details").GetString());
        var unknown = (await CallAsync(server.Address, "unary", "/chainnode.test.Test/Missing", "x")).Single();
        Assert.AreEqual((int)GrpcStatusCode.Unimplemented, unknown.GetProperty("code").GetInt32());
    }
}
