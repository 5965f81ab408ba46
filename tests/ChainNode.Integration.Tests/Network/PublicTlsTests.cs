using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ChainNode.Node.Tls;
using ChainNode.Testing;

namespace ChainNode.Integration.Tests.Network;

/// <summary>A node serving its public API and explorer over TLS, and the wallet trusting it by CA file or by pinned fingerprint.</summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class PublicTlsTests
{
    private static readonly string WalletDll = WalletBinary.Dll;

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task The_wallet_reaches_an_https_node_by_pin_or_ca_file_and_refuses_it_otherwise_with_the_reason()
    {
        await using var net = await LocalNetwork.StartAsync(validators: 1, members: 1, configure: (_, config) =>
        {
            config.Tls.PublicApi = true;
            config.Tls.Http = true;
        });
        using var home = new TempDirectory("chain-wallet");
        var node = net.Description.Nodes[0];
        var https = node.ApiUrl.Replace("http://", "https://", StringComparison.Ordinal);
        var certificateFile = Path.Combine(net.Nodes[0].Home, TlsIdentity.DefaultCertificateFile);
        var fingerprint = TlsIdentity.HashOf(X509CertificateLoader.LoadCertificateFromFile(certificateFile)).ToString();
        try
        {
            var (untrustedExit, untrusted) = await WalletAsync(home.Path, "status", "--node", https);
            Assert.AreEqual(4, untrustedExit, untrusted);
            StringAssert.Contains(untrusted, "is not trusted");
            StringAssert.Contains(untrusted, "--pin-sha256");

            var (pinnedExit, pinned) = await WalletAsync(home.Path, "status", "--node", https, "--pin-sha256", fingerprint);
            Assert.AreEqual(0, pinnedExit, pinned);
            Assert.AreEqual(net.Genesis.ChainId, JsonDocument.Parse(pinned).RootElement.GetProperty("chainId").GetString());

            var (caExit, ca) = await WalletAsync(home.Path, "status", "--node", https, "--ca-file", certificateFile);
            Assert.AreEqual(0, caExit, ca);

            var other = new string('0', 64);
            var (wrongExit, wrong) = await WalletAsync(home.Path, "status", "--node", https, "--pin-sha256", other);
            Assert.AreEqual(4, wrongExit, wrong);
            StringAssert.Contains(wrong, $"not the pinned {other}");

            var (plainExit, plain) = await WalletAsync(home.Path, "status", "--node", node.ApiUrl);
            Assert.AreEqual(4, plainExit, "the API port speaks only TLS now: " + plain);

            using var browser = new HttpClient(new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && TlsIdentity.HashOf(certificate).ToString() == fingerprint },
            });
            var health = await browser.GetAsync(node.HttpUrl.Replace("http://", "https://", StringComparison.Ordinal) + "/health");
            Assert.AreEqual(System.Net.HttpStatusCode.OK, health.StatusCode);
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
    }

    private static async Task<(int Exit, string Output)> WalletAsync(string home, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [WalletDll, .. arguments, "--json"], TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["CHAIN_WALLET_HOME"] = home });
        return (result.ExitCode, result.ExitCode == 0 ? result.StandardOutput : result.StandardError);
    }
}
