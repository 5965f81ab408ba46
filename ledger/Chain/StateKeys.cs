using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Chain;

/// <summary>Keys inside the state namespace. Everything here is covered by the state root.</summary>
public static class StateKeys
{
    public static readonly byte[] Admins = "sys/admins"u8.ToArray();
    public static readonly byte[] Members = "sys/members"u8.ToArray();
    /// <summary>The validator sets and consensus parameters, per epoch: the one copy of both (see GovernanceReads.EpochAt).</summary>
    public static readonly byte[] Epochs = "sys/epochs"u8.ToArray();
    public static readonly byte[] GovernanceRules = "sys/governance"u8.ToArray();
    public static readonly byte[] ProposalIndex = "sys/proposals"u8.ToArray();

    public static readonly byte[] MemberFlag = [1];

    private const byte AccountTag = (byte)'a';
    private const byte MemberTag = (byte)'m';
    private const byte ProposalTag = (byte)'g';
    internal const byte ReceiptTag = (byte)'r';

    public static byte[] Account(Address address) => Tagged(AccountTag, address.Span);

    /// <summary>Present (value 0x01) for accounts allowed to send transactions.</summary>
    public static byte[] Member(Address address) => Tagged(MemberTag, address.Span);

    public static byte[] Proposal(Hash32 id) => Tagged(ProposalTag, id.Span);

    public static byte[] Receipt(Hash32 txHash) => Tagged(ReceiptTag, txHash.Span);

    private static byte[] Tagged(byte tag, ReadOnlySpan<byte> rest)
    {
        var key = new byte[1 + rest.Length];
        key[0] = tag;
        rest.CopyTo(key.AsSpan(1));
        return key;
    }
}
