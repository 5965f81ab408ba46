namespace ChainNode.Consensus.Pbft;

/// <summary>What <see cref="Replica.Step"/> did with a message, for logs, metrics and tests.</summary>
public readonly record struct StepOutcome(StepResult Result, string? Reason = null)
{
    public static readonly StepOutcome Accepted = new(StepResult.Accepted);

    public static StepOutcome Ignored(string reason) => new(StepResult.Ignored, reason);

    public static StepOutcome Rejected(string reason) => new(StepResult.Rejected, reason);
}

public enum StepResult
{
    /// <summary>The message was valid and used.</summary>
    Accepted,

    /// <summary>Valid but not useful now: stale, duplicate, outside the window.</summary>
    Ignored,

    /// <summary>Invalid: bad signature, malformed, from the wrong sender, conflicting.</summary>
    Rejected,
}
