using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Blocks;

/// <summary>A consensus participant named in genesis.</summary>
public sealed record Validator(int Index, string Name, PublicKey PublicKey, string NetworkAddress)
{
    public Address Address => PublicKey.Address;
}
