using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Testing;

/// <summary>Signed transfers between a test network's members, with nonces tracked per sender.</summary>
public sealed class TransferFactory(TestNetwork network)
{
    private readonly Dictionary<Address, ulong> _nextNonce = [];

    public SignedTx Transfer(int fromMember, int toMember, ulong amount)
    {
        var key = network.MemberKeys[fromMember];
        _nextNonce.TryGetValue(key.Address, out var nonce);
        _nextNonce[key.Address] = nonce + 1;
        var body = new TxBody
        {
            ChainId = network.Genesis.ChainId,
            SenderPublicKey = key.PublicKey.ToByteString(),
            Nonce = nonce,
            GasLimit = 21_000,
            Transfer = new Transfer { To = network.MemberKeys[toMember].Address.ToByteString(), Amount = amount },
        };
        return TransactionCodec.Sign(body, key);
    }

    /// <summary>Transfers of 1 coin cycling through the members.</summary>
    public List<SignedTx> Transfers(int count)
    {
        var members = network.MemberKeys.Count;
        return Enumerable.Range(0, count).Select(i => Transfer(i % members, (i + 1) % members, 1)).ToList();
    }
}
