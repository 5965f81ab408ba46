using ChainNode.Ledger.Chain;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// State after a block that is executed but not yet committed: its changes over the state
/// below. Lets a replica check block h+1 while block h is still being agreed on.
/// </summary>
public sealed class StateOverlay(IStateView below, StateChanges changes) : IStateView
{
    public byte[]? Get(ReadOnlySpan<byte> stateKey) =>
        changes.TryGet(stateKey, out var value) ? value : below.Get(stateKey);
}
