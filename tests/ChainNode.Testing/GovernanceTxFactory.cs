using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Testing;

/// <summary>Signed governance proposals and approvals (and transfers), with nonces tracked per sender.</summary>
public sealed class GovernanceTxFactory(string chainId)
{
    private readonly Dictionary<Address, ulong> _nextNonce = [];

    public SignedTx Propose(PrivateKey admin, GovernanceAction action) =>
        Sign(admin, GasSchedule.Governance, b => b.Propose = new GovernancePropose { Action = action });

    public SignedTx Approve(PrivateKey admin, Hash32 proposalId) =>
        Sign(admin, GasSchedule.Governance, b => b.Approve = new GovernanceApprove { ProposalId = proposalId.ToByteString() });

    public SignedTx Transfer(PrivateKey from, Address to, ulong amount) =>
        Sign(from, GasSchedule.Transfer, b => b.Transfer = new Transfer { To = to.ToByteString(), Amount = amount });

    public SignedTx Sign(PrivateKey sender, ulong gasLimit, Action<TxBody> payload)
    {
        _nextNonce.TryGetValue(sender.Address, out var nonce);
        _nextNonce[sender.Address] = nonce + 1;
        var body = new TxBody { ChainId = chainId, SenderPublicKey = sender.PublicKey.ToByteString(), Nonce = nonce, GasLimit = gasLimit };
        payload(body);
        return TransactionCodec.Sign(body, sender);
    }

    public static GovernanceAction MemberAdd(Address a) => new() { MemberAdd = a.ToByteString() };

    public static GovernanceAction MemberRemove(Address a) => new() { MemberRemove = a.ToByteString() };

    public static GovernanceAction AdminAdd(Address a) => new() { AdminAdd = a.ToByteString() };

    public static GovernanceAction AdminRemove(Address a) => new() { AdminRemove = a.ToByteString() };

    public static GovernanceAction ValidatorAdd(string name, PrivateKey key, string peer, byte[]? proof = null) => new()
    {
        ValidatorAdd = new ValidatorAdd
        {
            Name = name,
            PublicKey = key.PublicKey.ToByteString(),
            NetworkAddress = peer,
            ProofOfPossession = Google.Protobuf.ByteString.CopyFrom(proof ?? Ledger.Governance.ProofOfPossession.Create(key)),
        },
    };

    public static GovernanceAction ValidatorRemove(string name) => new() { ValidatorRemove = name };

    public static GovernanceAction ReplaceKey(string name, PrivateKey key) => new()
    {
        ValidatorReplaceKey = new ValidatorKeyReplace
        {
            Name = name,
            PublicKey = key.PublicKey.ToByteString(),
            ProofOfPossession = Google.Protobuf.ByteString.CopyFrom(Ledger.Governance.ProofOfPossession.Create(key)),
        },
    };

    public static GovernanceAction Parameters(ConsensusParametersChange change) => new() { Parameters = change };
}
