namespace ChainNode.LoadGenerator;

/// <summary>What `chainnode-bench` was asked to do.</summary>
public sealed record BenchOptions(
    int? Validators,
    IReadOnlyList<Uri> Nodes,
    TimeSpan Duration,
    TimeSpan Warmup,
    double? Rate,
    int Accounts,
    int Concurrency,
    int Batch,
    bool TokenContract,
    string? OutFile,
    bool Json,
    TimeSpan? KillPrimaryAt = null);
