using System.Security.Cryptography;
using ChainNode.Integration.Tests.Network;
using ChainNode.Ledger.Genesis;
using ChainNode.Node.Peers.Protos;
using ChainNode.Node.Testing;
using ChainNode.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace ChainNode.Integration.Tests.Peers;

/// <summary>
/// Challenge needs no session: anyone may ask for a challenge claiming any key.
/// A stranger asking for challenges for validator 1 as fast as it can, on every other
/// validator, must not keep validator 1 from handshaking after a restart.
/// </summary>
[TestClass]
[TestCategory("Integration")]
[TestCategory("Processes")]
public sealed class ChallengeFloodTests
{
    private const int LoopsPerTarget = 6;

    [TestMethod]
    [Timeout(IntegrationTimeouts.Network)]
    public async Task A_flood_of_challenges_claiming_a_validator_does_not_stop_it_from_rejoining_after_a_restart()
    {
        await using var net = await LocalNetwork.StartAsync();
        using var stop = new CancellationTokenSource();
        var targets = new[] { 0, 2, 3 };
        var clients = targets.Select(i => new PeerClient(net.Description.Nodes[i].PeerAddress, SourceAddress.Handler("127.0.0.2"))).ToArray();
        var genesisHash = GenesisBlock.Create(net.Genesis).Block.Hash;
        long issued = 0;
        long failed = 0;
        var flood = clients.SelectMany(c => Enumerable.Range(0, LoopsPerTarget).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await c.Api.ChallengeAsync(new ChallengeRequest { PublicKey = net.Genesis.Validators[1].PublicKey.ToByteString(), GenesisHash = genesisHash.ToByteString(), ClientNonce = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)) }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: stop.Token).ResponseAsync;
                    Interlocked.Increment(ref issued);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failed); // a refusal is fine: the flood only has to go on
                }
            }
        }))).ToList();
        try
        {
            await Eventually.Async(() => Task.FromResult(Interlocked.Read(ref issued) > 100), LocalNetwork.Patience, "the challenge flood to get going");
            await net.Nodes[1].StopAsync();
            var before = Interlocked.Read(ref issued);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            net.Nodes[1].Start();
            var restartedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var height = await net.MinHeightAsync([0, 2, 3]);
            await net.WaitForHeightAsync(1, 1);
            await net.SubmitAndAwaitAsync(entry: 2, from: 0, count: 3, witnesses: [0, 1, 2, 3]);
            // Validator 1 must be heard by every target again: only its own links to them (which
            // need a handshake on their peer ports) carry its messages.
            foreach (var target in targets)
            {
                await Eventually.Async(async () => (await net.StatusAsync(target)).Peers.Single(p => p.ValidatorIndex == 1) is { } p
                        && p.LastSeenUnixMs > restartedMs && p.Height > height,
                    LocalNetwork.Patience, $"validator {target} to hear from the restarted validator 1 during the flood");
            }
            var rate = (Interlocked.Read(ref issued) - before) / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"challenges issued for validator 1 during its restart: {rate:F0}/s ({Interlocked.Read(ref issued)} in all, {Interlocked.Read(ref failed)} refused)");
            // The stranger's challenges must not take the place of validator 1's own: none of its handshakes is refused.
            var refused = targets.Sum(t => File.ReadLines(net.Nodes[t].LogFile).Count(l => l.Contains("handshake claiming validator-1 answered no challenge", StringComparison.Ordinal)));
            Assert.AreEqual(0, refused, "handshakes of validator 1 refused because a stranger's challenge replaced its own");
        }
        catch
        {
            Console.WriteLine(net.Logs());
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(flood);
            foreach (var client in clients)
                client.Dispose();
        }
    }
}
