using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Storage;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// The state a block's txs run against: writes buffered over a parent view, with snapshots so
/// a failing tx (or contract call) can be rolled back while its nonce and fee stay consumed.
/// </summary>
public sealed class ExecutionState(IStateView below) : IStateView
{
    private readonly Dictionary<byte[], byte[]?> _writes = new(ByteKeyComparer.Instance);
    private readonly List<(byte[] Key, bool Existed, byte[]? Previous)> _journal = [];

    public byte[]? Get(ReadOnlySpan<byte> stateKey)
    {
        var key = stateKey.ToArray();
        return _writes.TryGetValue(key, out var value) ? value : below.Get(key);
    }

    public void Set(byte[] key, byte[]? value)
    {
        var existed = _writes.TryGetValue(key, out var previous);
        _journal.Add((key, existed, previous));
        _writes[key] = value;
    }

    public Account GetAccount(Address address) => this.ReadAccount(address) ?? new Account();

    public void SetAccount(Address address, Account account) => Set(StateKeys.Account(address), account.ToByteArray());

    /// <summary>A point to roll back to with <see cref="RevertTo"/>.</summary>
    public int Snapshot() => _journal.Count;

    public void RevertTo(int snapshot)
    {
        for (var i = _journal.Count - 1; i >= snapshot; i--)
        {
            var (key, existed, previous) = _journal[i];
            if (existed)
                _writes[key] = previous;
            else
                _writes.Remove(key);
        }
        _journal.RemoveRange(snapshot, _journal.Count - snapshot);
    }

    /// <summary>Everything written, in key order, ready for the state root and the commit batch.</summary>
    public StateChanges ToChanges()
    {
        var changes = new StateChanges();
        foreach (var (key, value) in _writes)
        {
            if (value is null)
                changes.Delete(key);
            else
                changes.Set(key, value);
        }
        return changes;
    }
}
