using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Storage;
using Google.Protobuf;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// The state a block's txs run against: writes buffered over a parent view, with snapshots so
/// a failing tx (or contract call) can be rolled back while its nonce and fee stay consumed.
/// </summary>
public sealed class ExecutionState : IStateView
{
    private readonly IStateView _below;
    private readonly Dictionary<byte[], byte[]?> _writes;
    private readonly Dictionary<byte[], byte[]?>.AlternateLookup<ReadOnlySpan<byte>> _writesBySpan;
    private readonly List<(byte[] Key, bool Existed, byte[]? Previous)> _journal;
    private bool _handedOver;

    /// <param name="expectedWrites">How many writes to make room for up front: a block's worth
    /// of txs would otherwise regrow the write table and the journal a dozen times.</param>
    public ExecutionState(IStateView below, int expectedWrites = 0)
    {
        _below = below;
        _writes = new(expectedWrites, ByteKeyComparer.Instance);
        _writesBySpan = _writes.GetAlternateLookup<ReadOnlySpan<byte>>();
        _journal = new(expectedWrites);
    }

    /// <summary>What a transfer writes: both accounts and its receipt.</summary>
    public const int WritesPerTransfer = 3;

    public byte[]? Get(ReadOnlySpan<byte> stateKey) =>
        _writesBySpan.TryGetValue(stateKey, out var value) ? value : _below.Get(stateKey);

    /// <summary>Writes (null: deletes) a key. The state keeps both arrays as they are: do not change them afterwards.</summary>
    public void Set(byte[] key, byte[]? value)
    {
        ThrowIfHandedOver();
        var existed = _writes.TryGetValue(key, out var previous);
        _journal.Add((key, existed, previous));
        _writes[key] = value;
    }

    /// <summary>How many keys this state has written so far.</summary>
    public int WriteCount => _writes.Count;

    public Account GetAccount(Address address) => this.ReadAccount(address) ?? new Account();

    public void SetAccount(Address address, Account account) => Set(StateKeys.Account(address), MessageEncoding.Encode(account));

    /// <summary>A point to roll back to with <see cref="RevertTo"/>.</summary>
    public int Snapshot() => _journal.Count;

    public void RevertTo(int snapshot)
    {
        ThrowIfHandedOver();
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

    /// <summary>
    /// Everything written, ready for the state root and the commit batch. Call once, when the
    /// block is done: the changes take over the writes without copying them, and this state can
    /// still be read but no longer written.
    /// </summary>
    public StateChanges ToChanges()
    {
        ThrowIfHandedOver();
        _handedOver = true;
        return StateChanges.Adopt(_writes);
    }

    private void ThrowIfHandedOver()
    {
        if (_handedOver)
            throw new InvalidOperationException("This execution state's changes were already handed over.");
    }
}
