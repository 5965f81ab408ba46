using System.Globalization;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Network;

/// <summary>Every mistake `chainnode-bench --nodes` can meet is one clear line and a non-zero exit, never a stack trace.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class BenchRefusalTests
{
    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task A_node_url_without_http_is_refused_in_one_line()
    {
        using var folder = await InitAsync();
        var result = await RunBenchAsync("--nodes", "localhost:36700", "--network", folder.Path);
        AssertOneLineRefusal(result, "http://");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task Nothing_listening_at_the_node_url_is_refused_in_one_line_naming_the_url()
    {
        using var folder = await InitAsync();
        var url = $"http://127.0.0.1:{FreePorts.FindBase(1).ToString(CultureInfo.InvariantCulture)}";
        var result = await RunBenchAsync("--nodes", url, "--network", folder.Path);
        AssertOneLineRefusal(result, url);
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Command)]
    public async Task A_network_folder_without_member_keys_is_refused_in_one_line()
    {
        using var folder = await InitAsync();
        Directory.Delete(Path.Combine(folder.Path, "members"), recursive: true);
        var result = await RunBenchAsync("--nodes", "http://127.0.0.1:1", "--network", folder.Path);
        AssertOneLineRefusal(result, "member key");
    }

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_peer_port_given_instead_of_an_api_port_is_named_as_a_peer_port()
    {
        await using var net = await LocalNetwork.StartAsync(validators: 1);
        var result = await RunBenchAsync("--nodes", $"http://{net.Description.Nodes[0].PeerAddress}", "--network", net.Folder);
        AssertOneLineRefusal(result, "peer port");
    }

    private static Task<ProcessRunner.Result> RunBenchAsync(params string[] arguments) =>
        ChainnodeBenchProcess.RunAsync([.. arguments, "--duration", "1", "--warmup", "0", "--accounts", "2"]);

    private static async Task<TempDirectory> InitAsync()
    {
        var folder = new TempDirectory("chainnode-bench-refusal");
        var init = await ChainnodeProcess.RunAsync("init", "--validators", "1", "--members", "2", "--out", folder.Path,
            "--base-port", FreePorts.FindBase(1).ToString(CultureInfo.InvariantCulture), "--json");
        Assert.AreEqual(0, init.ExitCode, init.StandardError);
        return folder;
    }

    private static void AssertOneLineRefusal(ProcessRunner.Result result, string mentions)
    {
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.AreNotEqual(0, result.ExitCode, result.StandardError);
        Assert.AreEqual(1, lines.Length, $"one line expected, got:\n{result.StandardError}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(mentions, lines[0]);
    }
}
