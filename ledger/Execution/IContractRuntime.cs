using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// Runs contract deploys and calls for the executor. Implementations must be deterministic and
/// must only touch <see cref="ExecutionState"/>; the executor rolls the state back when the
/// outcome is a failure.
/// </summary>
public interface IContractRuntime
{
    /// <summary>True when this node can run contracts; the mempool refuses deploys and calls otherwise.</summary>
    bool IsEnabled { get; }

    ContractOutcome Run(VerifiedTransaction tx, BlockContext block, ExecutionState state);
}

/// <summary>The result of one deploy or call. <see cref="GasUsed"/> never exceeds the tx's gas limit.</summary>
public sealed record ContractOutcome(bool Success, ulong GasUsed, string Error, IReadOnlyList<Event> Events, byte[] ReturnData, byte[]? ContractAddress)
{
    public static ContractOutcome Failed(ulong gasUsed, string error) => new(false, gasUsed, error, [], [], null);
}

/// <summary>A node without a contract VM: every deploy or call fails deterministically, consuming its nonce.</summary>
public sealed class NoContractRuntime : IContractRuntime
{
    public static readonly NoContractRuntime Instance = new();

    public bool IsEnabled => false;

    public ContractOutcome Run(VerifiedTransaction tx, BlockContext block, ExecutionState state) =>
        ContractOutcome.Failed(GasSchedule.Transfer, "contracts are not enabled on this chain");
}
