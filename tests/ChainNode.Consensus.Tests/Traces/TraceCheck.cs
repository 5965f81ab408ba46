using ChainNode.Simulation;

namespace ChainNode.Consensus.Tests.Traces;

/// <summary>
/// <c>check height=H view=V</c>: an assertion on the selected nodes that holds whatever the
/// expected blocks say, so rewrite mode cannot bless a trace that breaks it.
/// </summary>
internal static class TraceCheck
{
    public static void Run(TraceCommand command, IEnumerable<SimReplica> nodes)
    {
        foreach (var node in nodes)
        {
            if (command.Value("height") is not null && node.CommittedHeight != (ulong)command.Int("height", 0))
                throw new TraceCheckFailedException($"r{node.Index} is at height {node.CommittedHeight}, not {command.Value("height")}");
            if (command.Value("view") is not null && node.Host?.View != (ulong)command.Int("view", 0))
                throw new TraceCheckFailedException($"r{node.Index} is in view {node.Host?.View.ToString() ?? "- (down)"}, not {command.Value("view")}");
            if (command.Value("stable") is not null && node.Core?.StableCheckpointHeight != (ulong)command.Int("stable", 0))
                throw new TraceCheckFailedException($"r{node.Index}'s stable checkpoint is {node.Core?.StableCheckpointHeight}, not {command.Value("stable")}");
        }
    }
}

/// <summary>A <c>check</c> command found the cluster in another state than the script claims.</summary>
internal sealed class TraceCheckFailedException(string message) : Exception(message);
