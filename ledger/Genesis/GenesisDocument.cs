namespace ChainNode.Ledger.Genesis;

/// <summary>
/// genesis.json exactly as written (camelCase JSON). Nothing here is trusted until
/// <see cref="GenesisLoader"/> has validated it into a <see cref="GenesisConfig"/>.
/// </summary>
public sealed class GenesisDocument
{
    public string? ChainId { get; set; }
    public string? GenesisTime { get; set; }
    public ulong GasPrice { get; set; }
    public ConsensusSection? Consensus { get; set; }
    public List<ValidatorEntry>? Validators { get; set; }
    public List<MemberEntry>? Members { get; set; }
    public List<string>? Admins { get; set; }
    public GovernanceSection? Governance { get; set; }

    public sealed class GovernanceSection
    {
        /// <summary>Admin approvals a proposal needs; 0 or absent: a majority of the admins when it is made.</summary>
        public uint Threshold { get; set; }

        /// <summary>Blocks after which an unapproved proposal expires; 0 or absent: the default.</summary>
        public ulong ProposalLifetimeBlocks { get; set; }
    }

    public sealed class ConsensusSection
    {
        public uint MaxTxsPerBlock { get; set; }
        public uint MaxBlockBytes { get; set; }
        public uint TargetBlockIntervalMs { get; set; }
        public uint ViewChangeTimeoutMs { get; set; }
        public uint CheckpointInterval { get; set; }
    }

    public sealed class ValidatorEntry
    {
        public string? Name { get; set; }
        public string? PublicKey { get; set; }
        public string? NetworkAddress { get; set; }

        /// <summary>Optional hex signature of the key over itself (see ProofOfPossession); checked when present.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? ProofOfPossession { get; set; }
    }

    public sealed class MemberEntry
    {
        public string? Address { get; set; }
        public ulong Balance { get; set; }
    }
}
