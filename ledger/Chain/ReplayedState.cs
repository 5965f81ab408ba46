using ChainNode.Ledger.Execution;
using ChainNode.Storage;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// State rebuilt in memory by applying blocks' changes from genesis on: what the chain's state
/// was right after the last block applied, whatever the store's current state says. Holds the
/// whole state, receipts included.
/// </summary>
public sealed class ReplayedState : IStateView
{
    private readonly Dictionary<byte[], byte[]> _values = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], byte[]>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;

    public ReplayedState(StateChanges genesis)
    {
        _bySpan = _values.GetAlternateLookup<ReadOnlySpan<byte>>();
        Apply(genesis);
    }

    public byte[]? Get(ReadOnlySpan<byte> stateKey) => _bySpan.TryGetValue(stateKey, out var value) ? value : null;

    public void Apply(StateChanges changes)
    {
        foreach (var (key, value) in changes.InKeyOrder)
        {
            if (value is null)
                _values.Remove(key);
            else
                _values[key] = value;
        }
    }
}
