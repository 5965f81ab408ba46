using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Merkle;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Ledger.Genesis;

/// <summary>
/// Block 0, derived only from the validated genesis: its state puts the member balances and
/// list, the admins, the governance rules and the first epoch (validator set and consensus
/// parameters from height 1; the one copy of both) under the state root, so two
/// nodes with different genesis files disagree from the very first hash.
/// </summary>
public static class GenesisBlock
{
    public static (DecodedBlock Block, StateChanges State) Create(GenesisConfig genesis)
    {
        var state = InitialState(genesis);
        var header = new BlockHeader
        {
            ChainId = genesis.ChainId,
            Height = 0,
            PreviousHash = Hash32.Zero.ToByteString(),
            TxRoot = MerkleTree.EmptyRoot.ToByteString(),
            StateRoot = StateRoot.Next(Hash32.Zero, state).ToByteString(),
            Proposer = ByteString.CopyFrom(new byte[Address.Length]),
            TimestampMs = genesis.GenesisTimeMs,
            View = 0,
        };
        return (DecodedBlock.Create(header, []), state);
    }

    private static StateChanges InitialState(GenesisConfig genesis)
    {
        var state = new StateChanges();
        foreach (var member in genesis.Members)
        {
            state.Set(StateKeys.Account(member.Address), new Account { Balance = member.Balance }.ToByteArray());
            state.Set(StateKeys.Member(member.Address), StateKeys.MemberFlag);
        }

        var admins = new AdminList();
        admins.Addresses.AddRange(genesis.Admins.Select(a => a.ToByteString()));
        state.Set(StateKeys.Admins, admins.ToByteArray());

        var members = new MemberList();
        members.Addresses.AddRange(genesis.Members.Select(m => m.Address).Order(Address.ByteOrder).Select(a => a.ToByteString()));
        state.Set(StateKeys.Members, members.ToByteArray());
        var epochs = new EpochHistory();
        epochs.Epochs.Add(ValidatorEpoch.ToRecord(1, genesis.Validators, genesis.Parameters));
        state.Set(StateKeys.Epochs, epochs.ToByteArray());
        state.Set(StateKeys.GovernanceRules, genesis.Governance.ToByteArray());
        return state;
    }
}
