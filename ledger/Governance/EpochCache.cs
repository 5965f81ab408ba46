using ChainNode.Ledger.Execution;

namespace ChainNode.Ledger.Governance;

/// <summary>
/// The epoch in force at a height, parsed (keys included) once per epoch instead of once per
/// block. Sound because an epoch's record never changes once its start height is reached
/// (changes only edit epochs starting two blocks after them), and the epoch in force at a
/// height has started by then. For the committed chain only: a speculative parent state may
/// schedule differently.
/// </summary>
public sealed class EpochCache
{
    private volatile ValidatorEpoch? _last;

    public ValidatorEpoch At(IStateView state, ulong height)
    {
        var record = state.ReadEpochs().At(height);
        if (_last is { } last && last.StartHeight == record.StartHeight)
            return last;
        var epoch = ValidatorEpoch.From(record);
        _last = epoch;
        return epoch;
    }
}
