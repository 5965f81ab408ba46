using ChainNode.Consensus.Pbft;
using ChainNode.Simulation;
using ChainNode.Simulation.Reconfiguration;

namespace ChainNode.Consensus.Tests.Traces;

/// <summary>
/// Runs the commands of one trace script against a <see cref="TraceCluster"/> and returns what
/// each produced. The commands are listed in testdata/README.md.
/// </summary>
internal sealed class TraceRunner
{
    private TraceCluster? _cluster;

    private TraceCluster Cluster => _cluster ?? throw new TraceScriptException("the script must start with init");

    /// <summary>The output of <paramref name="command"/>: the lines it logged, or "ok" if none.</summary>
    public string Run(TraceCommand command)
    {
        Execute(command);
        var lines = _cluster?.TakeOutput() ?? [];
        return lines.Count == 0 ? "ok" : string.Join('\n', lines);
    }

    private void Execute(TraceCommand command)
    {
        switch (command.Name)
        {
            case "init":
                Init(command);
                break;
            case "tick":
                for (var i = 0; i < command.Int("n", 1); i++)
                    Cluster.Tick(command.Ints("r"));
                break;
            case "deliver":
                Cluster.Deliver(MessageFilter.Parse(command));
                break;
            case "drop":
                Cluster.Network.Drop(MessageFilter.Parse(command));
                break;
            case "heal":
                Cluster.Network.Heal();
                break;
            case "pending":
                var filter = MessageFilter.Parse(command);
                foreach (var message in Cluster.Network.Pending.Where(filter.Matches))
                    Cluster.Log(message.ToString());
                if (!Cluster.Network.Pending.Any(filter.Matches))
                    Cluster.Log("no such message in flight");
                break;
            case "run":
                Cluster.Run(command.Has("height") ? (ulong)command.Int("height", 0) : null, command.Int("max", command.Int("ticks", 1)));
                break;
            case "crash":
                Cluster.Crash(command.RequiredInt("r"));
                break;
            case "restart":
                Cluster.Restart(command.RequiredInt("r"));
                break;
            case "propose":
                Cluster.Propose(command.RequiredInt("r"));
                break;
            case "change":
                QueueChanges(command);
                break;
            case "forge":
                Cluster.Forge(command.RequiredInt("from"), command.RequiredInt("to"), (ulong)command.RequiredInt("h"), (ulong)command.Int("v", 0));
                break;
            case "state":
                foreach (var node in Selected(command))
                    Cluster.Log(TraceFormat.State(node));
                break;
            case "records":
                foreach (var node in Selected(command))
                    Cluster.Log($"r{node.Index} persisted {TraceFormat.Persisted(node)}");
                break;
            case "check":
                TraceCheck.Run(command, Selected(command));
                break;
            default:
                throw new TraceScriptException($"unknown command '{command.Name}'");
        }
    }

    private void Init(TraceCommand command)
    {
        if (_cluster is not null)
            throw new TraceScriptException("init may appear only once");
        var validators = command.Int("n", 4);
        var template = new ConsensusConfig
        {
            ValidatorCount = validators,
            Self = 0,
            GenesisHash = SimBlocks.GenesisHash,
            Window = command.Int("window", 1),
            CheckpointInterval = (ulong)command.Int("checkpoint", 2),
            ViewChangeTimeoutTicks = command.Int("timeout", 20),
            BlockIntervalTicks = command.Int("interval", 1),
        };
        var propose = command.Value("propose") ?? "auto";
        if (propose is not ("auto" or "manual"))
            throw new TraceScriptException($"propose={propose}: use auto or manual");
        _cluster = new TraceCluster(validators, command.Int("spares", 0), template, propose == "auto", command.Int("retry", 40));
        _cluster.Log($"{validators} validators [{string.Join(",", Enumerable.Range(0, validators).Select(i => $"r{i}"))}], "
            + $"{_cluster.Nodes.Count - validators} spare(s); window {template.Window}, checkpoint every {template.CheckpointInterval}, "
            + $"view-change timeout {template.ViewChangeTimeoutTicks} ticks, fetch retry {_cluster.RetryTicks} ticks, proposals {propose}");
    }

    private void QueueChanges(TraceCommand command)
    {
        foreach (var node in command.Ints("add") ?? [])
            Cluster.QueueChange(SimCommandKind.AddValidator, node);
        foreach (var node in command.Ints("remove") ?? [])
            Cluster.QueueChange(SimCommandKind.RemoveValidator, node);
    }

    private IEnumerable<SimReplica> Selected(TraceCommand command) =>
        command.Ints("r") is { } ids ? ids.Select(Cluster.Node) : Cluster.Nodes;
}
