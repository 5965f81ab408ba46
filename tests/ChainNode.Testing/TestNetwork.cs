using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;

namespace ChainNode.Testing;

/// <summary>
/// A genesis with well-known (insecure) validator and member keys, so tests can sign blocks,
/// certificates and transactions. Keys derive from labels, so runs are reproducible.
/// </summary>
public sealed class TestNetwork
{
    public const string ChainId = "chainnode-test";
    public const ulong InitialBalance = 1_000_000_000;

    /// <param name="gasPrice">Coins per unit of gas; most tests run at 0, the fee tests above it.</param>
    /// <param name="admins">How many of the first members are admins.</param>
    /// <param name="threshold">Governance approvals needed; 0: a majority of the admins.</param>
    /// <param name="proposalLifetimeBlocks">0: the genesis default.</param>
    public TestNetwork(int validators = 4, int members = 8, ulong gasPrice = 0, int admins = 1, uint threshold = 0, ulong proposalLifetimeBlocks = 0)
    {
        ValidatorKeys = Enumerable.Range(0, validators).Select(i => PrivateKey.FromInsecureSeed($"test-validator-{i}")).ToArray();
        MemberKeys = Enumerable.Range(0, members).Select(i => PrivateKey.FromInsecureSeed($"test-member-{i}")).ToArray();
        Document = new GenesisDocument
        {
            ChainId = ChainId,
            GasPrice = gasPrice,
            GenesisTime = "2026-01-01T00:00:00Z",
            Consensus = new GenesisDocument.ConsensusSection
            {
                MaxTxsPerBlock = 2000,
                MaxBlockBytes = 4 * 1024 * 1024,
                TargetBlockIntervalMs = 200,
                ViewChangeTimeoutMs = 2000,
                CheckpointInterval = 100,
            },
            Validators = ValidatorKeys.Select((k, i) => new GenesisDocument.ValidatorEntry
            {
                Name = $"validator-{i}",
                PublicKey = k.PublicKey.ToString(),
                NetworkAddress = $"127.0.0.1:{27000 + i}",
            }).ToList(),
            Members = MemberKeys.Select(k => new GenesisDocument.MemberEntry { Address = k.Address.ToString(), Balance = InitialBalance }).ToList(),
            Admins = MemberKeys.Take(admins).Select(k => k.Address.ToString()).ToList(),
            Governance = new GenesisDocument.GovernanceSection { Threshold = threshold, ProposalLifetimeBlocks = proposalLifetimeBlocks },
        };
        Genesis = GenesisLoader.Validate(Document);
    }

    public IReadOnlyList<PrivateKey> ValidatorKeys { get; }

    public IReadOnlyList<PrivateKey> MemberKeys { get; }

    public GenesisDocument Document { get; }

    public GenesisConfig Genesis { get; }
}
