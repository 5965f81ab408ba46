using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Execution;

/// <summary>Read access to state as of some block: committed state, or state with pending blocks on top.</summary>
public interface IStateView
{
    byte[]? Get(ReadOnlySpan<byte> stateKey);
}

/// <summary>Typed reads shared by every state view.</summary>
public static class StateViewReads
{
    public static Account? ReadAccount(this IStateView state, Address address) => ParseAccount(state.ReadAccountBytes(address), address);

    /// <summary>
    /// The account's stored encoding, for a caller that reads it twice: a state view hands back
    /// the same array while the account is unchanged, so the second read can skip the parse.
    /// </summary>
    public static byte[]? ReadAccountBytes(this IStateView state, Address address) => state.Get(StateKeys.Account(address));

    public static Account? ParseAccount(byte[]? bytes, Address address) =>
        bytes is null ? null : StoredRecord.Parse(Account.Parser, bytes, "account", address);

    public static bool IsMember(this IStateView state, Address address) => state.Get(StateKeys.Member(address)) is { Length: > 0 };

    public static Receipt? ReadReceipt(this IStateView state, Hash32 txHash) =>
        state.Get(StateKeys.Receipt(txHash)) is { } bytes ? StoredRecord.Parse(Receipt.Parser, bytes, "receipt", txHash) : null;

}
