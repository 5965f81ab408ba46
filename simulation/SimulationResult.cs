namespace ChainNode.Simulation;

/// <summary>What one seed produced; a failure carries the seed and a readable trace.</summary>
public sealed record SimulationResult(
    int Seed,
    string? SafetyViolation,
    string? LivenessFailure,
    string Scenario,
    string Trace,
    ulong HonestHeight,
    long MessagesDelivered,
    long SignatureChecks,
    long Signatures,
    string FinalValidatorSet = "")
{
    public bool Passed => SafetyViolation is null && LivenessFailure is null;

    public string Describe() =>
        $"seed {Seed}: {SafetyViolation ?? LivenessFailure ?? "ok"}{Environment.NewLine}scenario: {Scenario}{Environment.NewLine}last messages:{Environment.NewLine}{Trace}";
}
