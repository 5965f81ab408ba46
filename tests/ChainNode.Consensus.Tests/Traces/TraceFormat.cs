using ChainNode.Consensus.Protos;
using ChainNode.Simulation;

namespace ChainNode.Consensus.Tests.Traces;

/// <summary>One-line descriptions of a node's live state and of what it persisted, for <c>state</c> and <c>records</c>.</summary>
internal static class TraceFormat
{
    public static string State(SimReplica node)
    {
        if (node.Host is not { } host)
            return $"r{node.Index} down, height {node.CommittedHeight}";
        var role = host.Replica is { } replica
            ? $"validator {replica.Self}{(replica.IsPrimary ? " (primary)" : "")}, view {replica.View}{(replica.ViewActive ? "" : " (changing)")}, "
              + $"stable checkpoint {replica.StableCheckpointHeight}, {replica.SlotCount} slots"
            : "following";
        return $"r{node.Index} height {node.CommittedHeight} {TraceLog.Abbreviate(node.CommittedHash.Span)}, epoch {host.Epoch.StartHeight} {role}";
    }

    /// <summary>What a restart of <paramref name="node"/> would read back.</summary>
    public static string Persisted(SimReplica node) => node.Records.RecordCount == 0 ? "nothing persisted" : Persisted(node.PersistedState);

    private static string Persisted(ReplicaState state) =>
        $"view {state.View}{(state.ViewActive ? "" : " (changing)")}, stable checkpoint {state.StableCheckpoint?.Height ?? 0}, "
        + $"votes [{string.Join(", ", state.Votes.OrderBy(v => v.Height).ThenBy(v => v.View).ThenBy(v => v.Kind).Select(Vote))}], "
        + $"prepared [{string.Join(", ", state.Prepared.OrderBy(p => p.Height).Select(p => $"h={p.Height} v={p.View}"))}]";

    private static string Vote(Vote vote) =>
        $"{MessageFilter.NameOf(vote.Kind)} h={vote.Height} v={vote.View} {TraceLog.Abbreviate(vote.BlockHash.Span)}";
}
