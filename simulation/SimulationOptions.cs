namespace ChainNode.Simulation;

/// <summary>Shape of one simulated run.</summary>
public sealed record SimulationOptions
{
    public int Validators { get; init; } = 4;

    /// <summary>How many validators are Byzantine (at most f for the liveness check to apply).</summary>
    public int Byzantine { get; init; } = 1;

    /// <summary>Ticks of the faulty phase: drops, delays, duplicates, partitions and crashes.</summary>
    public int FaultTicks { get; init; } = 500;

    /// <summary>Ticks after healing within which a new height must commit.</summary>
    public int LivenessBoundTicks { get; init; } = 1500;

    /// <summary>Heights in flight.</summary>
    public int Window { get; init; } = 2;

    public ulong CheckpointInterval { get; init; } = 8;

    public int ViewChangeTimeoutTicks { get; init; } = 20;

    public int MaxTimeoutDoublings { get; init; } = 4;

    /// <summary>How many of the last messages a failure report shows.</summary>
    public int TraceCapacity { get; init; } = 80;

    /// <summary>The Byzantine behaviours drawn from; null for all of them.</summary>
    public IReadOnlyList<Byzantine.ByzantineBehaviour>? Behaviours { get; init; }

    /// <summary>Whether the faulty phase may drop, duplicate and delay messages, cut links and crash replicas.</summary>
    public bool NetworkFaults { get; init; } = true;

    /// <summary>Whether the run changes the validator set (adds, removes, replaces keys) while the faults happen.</summary>
    public bool Reconfigure { get; init; }

    /// <summary>The reconfigurations drawn from (by seed); null for all of them.</summary>
    public IReadOnlyList<Reconfiguration.ReconfigurationKind>? ReconfigurationKinds { get; init; }
}
