using ChainNode.Integration.Tests.Network;
using ChainNode.Integration.Tests.Rpc;
using ChainNode.Rpc.Api;
using Google.Protobuf;
using Grpc.Core;

namespace ChainNode.Integration.Tests.Faults;

/// <summary>
/// Hostile input against a running validator: fuzzed request bytes to every gRPC method it
/// serves (public and peer), and its limits on message size, streams per connection and
/// submit rate per client. Each gets a precise status; the node stays up and bounded.
/// CHAINNODE_FUZZ_REQUESTS sets the number of inputs per method (default 150 in CI).
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class InputLimitTests
{
    private static readonly int Requests = int.TryParse(Environment.GetEnvironmentVariable("CHAINNODE_FUZZ_REQUESTS"), out var n) ? n : 150;

    private static readonly string[] PublicMethods = ["SubmitTx", "GetTx", "GetBlock", "GetAccount", "GetStatus", "QueryContract"];
    private static readonly string[] PeerMethods = ["Challenge", "Handshake", "Deliver", "FetchBlocks"];

    [TestMethod]
    [Timeout(IntegrationTimeouts.Fuzz)]
    public async Task Fuzzed_requests_to_every_method_get_precise_statuses_and_the_node_stays_up()
    {
        var seed = Environment.TickCount;
        await using var net = await LocalNetwork.StartAsync();
        try
        {
            var pid = PidOf(net, 0);
            var rssBefore = ResidentBytes(pid);
            using var api = new RawGrpcClient(new Uri(net.Description.Nodes[0].ApiUrl));
            using var peer = RawGrpcClient.ForPeerPort(net.Description.Nodes[0].PeerAddress);
            var random = new Random(seed);
            var statuses = new Dictionary<StatusCode, int>();
            var tried = 0;
            foreach (var (client, path) in PublicMethods.Select(m => (api, "/chainnode.api.v1.PublicApiService/" + m)).Concat(PeerMethods.Select(m => (peer, "/chainnode.peer.v1.PeerService/" + m))))
            {
                for (var i = 0; i < Requests; i++)
                {
                    var payload = Input(random, i);
                    tried++;
                    try
                    {
                        await client.UnaryRawAsync(path, payload, TimeSpan.FromSeconds(10));
                        statuses[StatusCode.OK] = statuses.GetValueOrDefault(StatusCode.OK) + 1;
                    }
                    catch (RpcException e)
                    {
                        Assert.IsFalse(e.StatusCode is StatusCode.Internal or StatusCode.Unknown or StatusCode.Unavailable,
                            $"{path} answered {e.StatusCode} ({e.Status.Detail}) to a {payload.Length}-byte input (seed {seed}, input {i})");
                        statuses[e.StatusCode] = statuses.GetValueOrDefault(e.StatusCode) + 1;
                    }
                }
            }
            Assert.AreEqual(net.Genesis.ChainId, (await net.StatusAsync(0)).ChainId, "the node must still answer");
            var height = (await net.StatusAsync(0)).Height;
            await net.WaitForHeightAsync(0, height + 2);
            var growth = ResidentBytes(pid) - rssBefore;
            Assert.IsTrue(growth < 256L * 1024 * 1024, $"resident memory grew by {growth / (1024 * 1024)} MiB");
            Console.WriteLine($"fuzz: {tried} inputs to {PublicMethods.Length + PeerMethods.Length} methods, statuses {string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}"))}, RSS growth {growth / 1024} KiB, seed {seed}");
        }
        catch
        {
            Console.WriteLine($"fuzz seed {seed}");
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task Submit_rate_streams_per_connection_and_message_size_are_limited()
    {
        await using var net = await LocalNetwork.StartAsync(configure: (i, config) =>
        {
            // Slow refill: even if the 30 submissions below take 10 s on a loaded machine, at most 15 get through.
            config.Api.SubmitRatePerSecond = 0.5;
            config.Api.SubmitBurst = 10;
            config.Api.MaxStreamsPerConnection = 2;
        });
        try
        {
            var api = net.Clients[0];
            var refusals = new List<RpcException>();
            for (var i = 0; i < 30; i++)
            {
                try
                {
                    await api.SubmitTxAsync(net.Transfer(i % 4, net.Members[(i + 1) % 4].Address, 1));
                }
                catch (RpcException e)
                {
                    refusals.Add(e);
                }
            }
            Assert.IsTrue(refusals.Count >= 15, $"only {refusals.Count} of 30 quick submissions were limited");
            Assert.IsTrue(refusals.All(e => e.StatusCode == StatusCode.ResourceExhausted && e.Status.Detail.StartsWith("rate_limited: ", StringComparison.Ordinal)), refusals[0].Status.Detail);

            using var cancel = new CancellationTokenSource();
            var open = new List<IAsyncEnumerator<SubscribeBlocksResponse>>();
            for (var i = 0; i < 2; i++)
            {
                var stream = api.SubscribeBlocksAsync(0, cancel.Token).GetAsyncEnumerator(cancel.Token);
                Assert.IsTrue(await stream.MoveNextAsync(), "an allowed subscription delivers blocks");
                open.Add(stream);
            }
            var third = api.SubscribeBlocksAsync(0, cancel.Token).GetAsyncEnumerator(cancel.Token);
            var refused = await Assert.ThrowsExactlyAsync<RpcException>(async () => await third.MoveNextAsync());
            Assert.AreEqual(StatusCode.ResourceExhausted, refused.StatusCode);
            StringAssert.StartsWith(refused.Status.Detail, "too_many_streams: ");
            await cancel.CancelAsync();
            foreach (var stream in open)
                await stream.DisposeAsync();

            using var raw = new RawGrpcClient(new Uri(net.Description.Nodes[0].ApiUrl));
            var oversized = await Assert.ThrowsExactlyAsync<RpcException>(() => raw.UnaryRawAsync("/chainnode.api.v1.PublicApiService/SubmitTx", new byte[2 * 1024 * 1024]));
            Assert.AreEqual(StatusCode.ResourceExhausted, oversized.StatusCode, oversized.Status.Detail);
            Assert.AreEqual(net.Genesis.ChainId, (await net.StatusAsync(0)).ChainId);
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task Malformed_grpc_frames_get_precise_statuses_and_the_node_stays_up()
    {
        await using var net = await LocalNetwork.StartAsync(validators: 1, members: 1);
        using var api = new RawGrpcClient(new Uri(net.Description.Nodes[0].ApiUrl));
        var request = new GetStatusRequest().ToByteArray().Concat(new GetBlockRequest { Height = 1 }.ToByteArray()).ToArray();
        var frames = new Dictionary<string, (byte[] Body, string? Encoding)>
        {
            ["a frame claiming more bytes than it carries"] = (RawGrpcClient.Frame(0, request.Length + 100, request), null),
            ["a header cut short"] = ([0, 0, 0], null),
            ["a compressed flag without grpc-encoding"] = (RawGrpcClient.Frame(1, request.Length, request), null),
            ["gzip declared, the payload not gzip"] = (RawGrpcClient.Frame(1, request.Length, request), "gzip"),
            ["an unknown grpc-encoding"] = (RawGrpcClient.Frame(1, request.Length, request), "lz77-made-up"),
            ["two messages for a unary method"] = ([.. RawGrpcClient.Frame(0, request.Length, request), .. RawGrpcClient.Frame(0, request.Length, request)], null),
        };
        foreach (var (what, (body, encoding)) in frames)
        {
            var refused = await Assert.ThrowsExactlyAsync<RpcException>(() => api.UnaryBodyAsync("/chainnode.api.v1.PublicApiService/GetBlock", body, grpcEncoding: encoding), what);
            Assert.AreNotEqual(StatusCode.Unknown, refused.StatusCode, $"{what}: {refused.Status.Detail}");
            Assert.IsFalse(string.IsNullOrWhiteSpace(refused.Status.Detail), $"{what}: a status without a reason");
            Console.WriteLine($"{what}: {refused.StatusCode} {refused.Status.Detail}");
        }
        // Grpc.AspNetCore reads the flag byte before any hook of ours and answers an unknown one
        // UNKNOWN "Exception was thrown by handler": imprecise, but a gRPC status, and the node goes on.
        var flag = await Assert.ThrowsExactlyAsync<RpcException>(() => api.UnaryBodyAsync("/chainnode.api.v1.PublicApiService/GetBlock", RawGrpcClient.Frame(7, request.Length, request)));
        Assert.AreEqual(StatusCode.Unknown, flag.StatusCode, flag.Status.Detail);
        Assert.AreEqual(net.Genesis.ChainId, (await net.StatusAsync(0)).ChainId, "the node must still answer");
    }

    // Random bytes, truncations of a valid request, protobuf groups nested far past the parser's
    // recursion limit, huge claimed lengths, and large random messages.
    private static byte[] Input(Random random, int i)
    {
        switch (i % 5)
        {
            case 0:
                var bytes = new byte[random.Next(0, 300)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                var valid = new GetBlockRequest { Hash = Google.Protobuf.ByteString.CopyFrom(new byte[32]) }.ToByteArray();
                return valid[..random.Next(0, valid.Length)];
            case 2:
                var depth = random.Next(100, 2_000);
                return [.. Enumerable.Repeat((byte)0x0B, depth), .. Enumerable.Repeat((byte)0x0C, depth)]; // field 1, start/end group
            case 3:
                return [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2, 3]; // a length of 4 GiB with 3 bytes behind it
            default:
                var large = new byte[random.Next(100_000, 900_000)];
                random.NextBytes(large);
                return large;
        }
    }

    private static int PidOf(LocalNetwork net, int node) => net.Nodes[node].Pid ?? throw new InvalidOperationException("node not running");

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
