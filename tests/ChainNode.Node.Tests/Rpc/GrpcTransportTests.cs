using System.Net;
using ChainNode.Rpc.Transport;
using Google.Protobuf.WellKnownTypes;

namespace ChainNode.Node.Tests.Rpc;

/// <summary>The gRPC wire layer against a real Kestrel server over loopback HTTP/2.</summary>
[TestClass]
public sealed class GrpcTransportTests
{
    private const string Echo = "/chainnode.test.Test/Echo";
    private const string Count = "/chainnode.test.Test/Count";
    private const string Fail = "/chainnode.test.Test/Fail";
    private const string Hang = "/chainnode.test.Test/Hang";

    private static GrpcRouter Router()
    {
        var router = new GrpcRouter(maxMessageBytes: 64 * 1024);
        router.MapUnary(Echo, StringValue.Parser, (request, _) => Task.FromResult(new StringValue { Value = "echo: " + request.Value }));
        router.MapServerStreaming<UInt64Value, UInt64Value>(Count, UInt64Value.Parser, async (request, send, _) =>
        {
            for (ulong i = 1; i <= request.Value; i++)
                await send(new UInt64Value { Value = i });
        });
        router.MapUnary<StringValue, StringValue>(Fail, StringValue.Parser, (request, _) => throw new RpcException(GrpcStatusCode.InvalidArgument, request.Value));
        router.MapUnary<StringValue, StringValue>(Hang, StringValue.Parser, async (_, cancel) =>
        {
            // Never answers: the call ends only when the deadline cancels it.
            var never = new TaskCompletionSource<StringValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registration = cancel.Register(() => never.TrySetCanceled(cancel));
            return await never.Task;
        });
        return router;
    }

    [TestMethod]
    public async Task A_unary_call_round_trips()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(Router());
        using var client = new GrpcClient(server.Address);
        var response = await client.UnaryAsync(Echo, new StringValue { Value = "hi" }, StringValue.Parser);
        Assert.AreEqual("echo: hi", response.Value);
    }

    [TestMethod]
    public async Task A_server_stream_delivers_every_message_in_order()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(Router());
        using var client = new GrpcClient(server.Address);
        var values = new List<ulong>();
        await foreach (var value in client.ServerStreamingAsync(Count, new UInt64Value { Value = 500 }, UInt64Value.Parser))
            values.Add(value.Value);
        CollectionAssert.AreEqual(Enumerable.Range(1, 500).Select(i => (ulong)i).ToList(), values);
    }

    [TestMethod]
    public async Task An_unknown_method_is_unimplemented()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(Router());
        using var client = new GrpcClient(server.Address);
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => client.UnaryAsync("/chainnode.test.Test/Nope", new StringValue(), StringValue.Parser));
        Assert.AreEqual(GrpcStatusCode.Unimplemented, error.Status);
    }

    [TestMethod]
    public async Task A_handler_error_arrives_with_its_status_and_text_intact()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(Router());
        using var client = new GrpcClient(server.Address);
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => client.UnaryAsync(Fail, new StringValue { Value = "nonce 5 is 100% wrong: naïve" }, StringValue.Parser));
        Assert.AreEqual(GrpcStatusCode.InvalidArgument, error.Status);
        Assert.AreEqual("nonce 5 is 100% wrong: naïve", error.Detail);
    }

    [TestMethod]
    public async Task An_oversized_request_is_resource_exhausted()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(Router());
        using var client = new GrpcClient(server.Address);
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => client.UnaryAsync(Echo, new StringValue { Value = new string('x', 100_000) }, StringValue.Parser));
        Assert.AreEqual(GrpcStatusCode.ResourceExhausted, error.Status);
        StringAssert.Contains(error.Detail, "65536-byte limit");
    }

    [TestMethod]
    public async Task A_deadline_ends_the_call_on_both_sides()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(Router());
        using var client = new GrpcClient(server.Address);
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => client.UnaryAsync(Hang, new StringValue(), StringValue.Parser, deadline: TimeSpan.FromMilliseconds(300)));
        Assert.AreEqual(GrpcStatusCode.DeadlineExceeded, error.Status);
    }

    [TestMethod]
    public async Task A_non_grpc_request_gets_415_and_a_dead_server_is_unavailable()
    {
        await using (var server = await LoopbackGrpcServer.StartAsync(Router()))
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, Echo))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            };
            using var response = await http.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }
        using var client = new GrpcClient(new Uri("http://127.0.0.1:1"));
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => client.UnaryAsync(Echo, new StringValue(), StringValue.Parser));
        Assert.AreEqual(GrpcStatusCode.Unavailable, error.Status);
    }
}
