using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Chain;

/// <summary>Keys inside the state namespace. Everything here is covered by the state root.</summary>
public static class StateKeys
{
    public static readonly byte[] Validators = "sys/validators"u8.ToArray();
    public static readonly byte[] Parameters = "sys/params"u8.ToArray();
    public static readonly byte[] Admins = "sys/admins"u8.ToArray();

    private const byte AccountTag = (byte)'a';

    public static byte[] Account(Address address)
    {
        var key = new byte[1 + Address.Length];
        key[0] = AccountTag;
        address.Span.CopyTo(key.AsSpan(1));
        return key;
    }
}
