using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Genesis;

/// <summary>A validated genesis: the chain's identity, validators, members, admins and parameters.</summary>
public sealed record GenesisConfig(
    string ChainId,
    long GenesisTimeMs,
    ConsensusParameters Parameters,
    ValidatorSet Validators,
    IReadOnlyList<GenesisMember> Members,
    IReadOnlyList<Address> Admins,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Approvals and expiry for governance proposals (genesis "governance").</summary>
    public GovernanceRules Governance { get; init; } = new() { ProposalLifetimeBlocks = GenesisLoader.DefaultProposalLifetimeBlocks };
}

public sealed record GenesisMember(Address Address, ulong Balance);
