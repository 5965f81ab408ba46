using System.Net;
using System.Net.Sockets;
using System.Text;
using ChainNode.Integration.Tests.Network;
using ChainNode.Node.Devnet;
using ChainNode.Node.Testing;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Faults;

/// <summary>
/// One anonymous client opening connections to every port of a validator: raw TCP with nothing
/// sent and HTTP/2 without a complete preface on the public and peer ports, held
/// /api/events streams on the HTTP port. The validator runs under a small descriptor limit
/// (prlimit) so that the flood is larger than what it can hold; it must refuse the excess,
/// stay up and keep committing.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class ConnectionFloodTests
{
    private const int DescriptorLimit = 2048;
    private const int Addresses = 6;       // client source addresses 127.0.0.2 .. 127.0.0.7
    private const int PerAddress = 125;    // more than the per-address limit the test configures: 2,250 connections in all
    private const int Reserve = 256;       // descriptors a validator must keep free for LevelDB, peers and the runtime

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_validator_flooded_with_connections_on_every_port_stays_up_and_the_network_keeps_committing()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "chainnode.dll");
        await using var net = await LocalNetwork.StartAsync(
            configure: (i, config) =>
            {
                foreach (var port in new[] { config.Connections.Public, config.Connections.Http, config.Connections.Peer })
                    (port.MaxConnections, port.MaxPerAddress) = (200, 50);
                (config.Api.MaxEventStreams, config.Api.MaxEventStreamsPerAddress) = (100, 20);
                (config.Connections.HeaderTimeoutSeconds, config.Connections.IdleTimeoutSeconds) = (5, 5);
            },
            program: i => i == 0 ? new ValidatorProcess.Command("prlimit", [$"--nofile={DescriptorLimit}:{DescriptorLimit}", "dotnet", dll]) : null);
        var flood = new List<Socket>();
        try
        {
            var node = net.Description.Nodes[0];
            var publicPort = new Uri(node.ApiUrl).Port;
            var httpPort = new Uri(node.HttpUrl).Port;
            var peerPort = IPEndPoint.Parse(node.PeerAddress).Port;
            var partialPreface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n");
            var events = Encoding.ASCII.GetBytes("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            for (var a = 0; a < Addresses; a++)
            {
                var source = IPAddress.Parse($"127.0.0.{2 + a}");
                for (var c = 0; c < PerAddress; c++)
                {
                    flood.Add(await OpenAsync(source, publicPort, c % 2 == 0 ? [] : partialPreface));
                    flood.Add(await OpenAsync(source, peerPort, c % 2 == 0 ? [] : partialPreface));
                    flood.Add(await OpenAsync(source, httpPort, events));
                }
            }
            Console.WriteLine($"opened {flood.Count} connections to validator 0 ({Addresses} addresses x {PerAddress} x 3 ports)");

            var descriptors = OpenDescriptors(net.Nodes[0].Pid ?? throw new AssertFailedException("validator 0 died during the flood"));
            Console.WriteLine($"validator 0 holds {descriptors} descriptors of {DescriptorLimit}");
            Assert.IsTrue(descriptors <= DescriptorLimit - Reserve, $"validator 0 holds {descriptors} descriptors of {DescriptorLimit}: none kept in reserve");

            // The timeouts free the budgets while the flood is still held: the silent connections
            // and the idle ones are closed, and /metrics answers again.
            using var http = new HttpClient();
            var metricsUrl = new Uri(new Uri(node.HttpUrl), "/metrics");
            await Eventually.Async(async () =>
            {
                var text = await http.GetStringAsync(metricsUrl);
                return MetricsText.Value(text, "chainnode_connections_refused_total{port=\"public\",reason=\"header_timeout\"}") > 0
                    && MetricsText.Value(text, "chainnode_connections_refused_total{port=\"peer\",reason=\"header_timeout\"}") > 0;
            }, LocalNetwork.Patience, "the header timeout to close the silent connections");

            // While the flood is held: a restarted peer rejoins validator 0 (peers have their own
            // share), the others commit, and validator 0 keeps up (as its peers hear it).
            await net.Nodes[1].StopAsync();
            net.Nodes[1].Start();
            var target = (await net.WaitForHeightAsync(2, 1)).Height + 3;
            await net.SubmitAndAwaitAsync(entry: 2, from: 0, count: 3, witnesses: [1, 2, 3]);
            await Eventually.Async(async () => (await net.StatusAsync(1)).Peers.Single(p => p.ValidatorIndex == 0) is { Connected: true } p && p.Height >= target,
                LocalNetwork.Patience, "validator 0 to keep committing during the flood and to link with the restarted validator 1");
            Assert.IsTrue(net.Nodes[0].IsRunning, $"validator 0 died (exit {net.Nodes[0].ExitCode})");

            await net.WaitForHeightAsync(0, target + 1);
            var metrics = await http.GetStringAsync(metricsUrl);
            Console.WriteLine(string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("chainnode_connections", StringComparison.Ordinal) || l.StartsWith("chainnode_event_streams", StringComparison.Ordinal))));
            foreach (var (port, reason) in new[] { ("public", "per_address"), ("public", "total"), ("public", "header_timeout"), ("http", "per_address"),
                         ("http", "total"), ("peer", "per_address"), ("peer", "total"), ("peer", "header_timeout") })
            {
                var refused = MetricsText.Value(metrics, $"chainnode_connections_refused_total{{port=\"{port}\",reason=\"{reason}\"}}");
                Assert.IsTrue(refused > 0, $"no {port} connection was refused for reason {reason}");
            }
            Assert.IsTrue(MetricsText.Value(metrics, "chainnode_event_streams_refused_total{reason=\"per_address\"}") > 0, "no event stream was refused");
            Assert.IsTrue(net.Nodes[0].IsRunning, "validator 0 must still run");
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
        finally
        {
            foreach (var socket in flood)
                socket.Dispose();
        }
    }

    private static int OpenDescriptors(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    private static async Task<Socket> OpenAsync(IPAddress source, int port, byte[] send)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            // A server that stopped accepting leaves the backlog full and connects hanging: bound them.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            if (send.Length > 0)
                await socket.SendAsync(send, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Refused, reset or not accepted: the server may turn the excess away.
        }
        return socket;
    }
}
