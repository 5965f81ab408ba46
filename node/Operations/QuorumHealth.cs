using ChainNode.Node.Api;
using ChainNode.Node.Consensus;
using ChainNode.Node.Peers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChainNode.Node.Operations;

/// <summary>
/// The node's health rule, shared by /health and the gRPC health service: healthy means this
/// node can take part, because it hears from enough of the current set to form a quorum with
/// itself (a node with no vote in the epoch counts itself out).
/// </summary>
public sealed class QuorumHealth(NodeIdentity node, ConsensusLoop loop, PeerStatusBoard peers)
{
    public readonly record struct Reading(bool QuorumReachable, int PeersConnected, int Needed);

    public Reading Read()
    {
        var epoch = loop.Snapshot.Epoch; // one snapshot: the set and this node's place in it must agree
        var set = epoch.Validators;
        var connected = peers.Reports().Count(p => p.Connected && set.Validators.Any(v => v.PublicKey.Equals(p.Validator.PublicKey)));
        var self = epoch.IndexOf(node.Key) is null ? 0 : 1;
        return new Reading(connected + self >= set.QuorumSize, connected, set.QuorumSize);
    }

    /// <summary>The reading as a health check result, for the gRPC health service.</summary>
    public HealthCheckResult Check()
    {
        var reading = Read();
        return reading.QuorumReachable
            ? HealthCheckResult.Healthy($"{reading.PeersConnected} validators connected; a quorum needs {reading.Needed}")
            : HealthCheckResult.Unhealthy($"only {reading.PeersConnected} validators connected; a quorum needs {reading.Needed}");
    }
}
