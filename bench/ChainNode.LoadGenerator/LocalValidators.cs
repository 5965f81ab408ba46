namespace ChainNode.LoadGenerator;

/// <summary>
/// What the bench may do to a local network it started (--validators): kill a validator with
/// kill -9, by its index in the validator set; and the genesis view-change timeout to compare
/// a failover with.
/// </summary>
public sealed record LocalValidators(Func<int, Task> KillValidator, double ViewChangeTimeoutSeconds);
