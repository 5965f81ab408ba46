using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Node.Configuration;
using ChainNode.Node.Consensus;
using ChainNode.Testing;
using Google.Protobuf;

namespace ChainNode.Node.Tests.Consensus;

/// <summary>
/// How large a VIEW-CHANGE and a NEW-VIEW can get with the shipped genesis (checkpoint interval,
/// block limits) and the node's window: every prepared certificate above the stable checkpoint
/// carries its whole block, and a NEW-VIEW carries a quorum of VIEW-CHANGEs plus the
/// re-proposed blocks. Sizes use the real encoding, element by element (materializing
/// hundreds of MiB would only slow the test down), and are printed.
/// </summary>
[TestClass]
public sealed class ViewChangeSizeTests
{
    private static readonly TestNetwork Network = new();

    public TestContext TestContext { get; set; } = null!;

    private sealed record Sizes(long ViewChange, long NewView, long StateMetaRecord, int Certificates, long BlockBytes);

    [TestMethod]
    public void The_worst_case_new_view_fits_the_peer_message_limit_with_the_budgeted_checkpoint_interval()
    {
        var genesis = GenesisLoader.LoadFile(Path.Combine(RepoPaths.Root, "genesis.json"));
        var parameters = genesis.Parameters;
        var limit = new NodeConfig().Peers.MaxMessageBytes;
        Assert.AreEqual(ViewChangeBudget.PeerMessageLimit, limit, "the budget assumes the node's default message limit");
        ConsensusConfig ConfigWith(ulong interval) => new()
        {
            ValidatorCount = genesis.Validators.Count,
            Self = 0,
            GenesisHash = Hash32.Zero,
            CheckpointInterval = interval,
            MaxBlockBytes = (int)parameters.MaxBlockBytes,
        };
        var asInGenesis = ConfigWith(parameters.CheckpointInterval);
        var budgeted = ConfigWith(ViewChangeBudget.CheckpointInterval(parameters.CheckpointInterval, genesis.Validators.Count, parameters.MaxBlockBytes));

        var transfers = BlockOf(new TransferFactory(Network).Transfers((int)parameters.MaxTxsPerBlock));
        var atByteLimit = BlockOf([new SignedTx { Body = ByteString.CopyFrom(new byte[parameters.MaxBlockBytes - 512]) }]);
        foreach (var config in new[] { asInGenesis, budgeted })
        {
            foreach (var (name, block) in new[] { ($"{parameters.MaxTxsPerBlock} transfers", transfers), ("a block at maxBlockBytes", atByteLimit) })
            {
                var sizes = Measure(config, block);
                TestContext.WriteLine($"checkpoint interval {config.CheckpointInterval}, {name} ({Mib(sizes.BlockBytes)}), {sizes.Certificates} prepared certificates: "
                    + $"VIEW-CHANGE {Mib(sizes.ViewChange)}, NEW-VIEW {Mib(sizes.NewView)}; peer message limit {Mib(limit)}");
                Assert.IsLessThanOrEqualTo(ViewChangeBudget.WorstNewViewBytes(config), sizes.NewView, "the budget's reckoning is not below the real encoding");
                if (config == budgeted)
                    Assert.IsLessThanOrEqualTo(limit, sizes.NewView, $"a worst-case NEW-VIEW is {Mib(sizes.NewView)}");
            }
        }
        Assert.IsGreaterThan(limit, ViewChangeBudget.WorstNewViewBytes(asInGenesis), "the genesis interval alone would not fit: this test measures a real bound");
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:F1} MiB";

    private static Block BlockOf(IReadOnlyList<SignedTx> txs)
    {
        var header = new BlockHeader
        {
            ChainId = TestNetwork.ChainId,
            Height = 1_000_000,
            PreviousHash = Hash32.Compute("parent"u8).ToByteString(),
            TxRoot = DecodedBlock.ComputeTxRoot(txs).ToByteString(),
            StateRoot = Hash32.Compute("state"u8).ToByteString(),
            Proposer = Network.ValidatorKeys[0].Address.ToByteString(),
            TimestampMs = 1_800_000_000_000,
            View = 1_000,
        };
        return DecodedBlock.Create(header, txs).Block;
    }

    // A VIEW-CHANGE with a full window of certificates (each with a quorum of real PREPAREs)
    // above a checkpoint proven by a quorum; the NEW-VIEW with a quorum of those and the
    // re-proposals; the replica's meta record, which keeps its last few VIEW-CHANGEs.
    private static Sizes Measure(ConsensusConfig config, Block block)
    {
        var hash = DecodedBlock.From(block).Hash.ToByteString();
        var quorum = Enumerable.Range(0, config.QuorumSize).ToList();
        SignedMessage SignedBy(int validator, MessageKind kind, IMessage payload) =>
            MessageDigest.Sign(config.GenesisHash, 1, kind, validator, payload, new SecpMessageAuthenticator(Network.ValidatorKeys[validator], Network.Genesis.Validators));

        var certificate = new PreparedCertificate { View = 1_000, Height = 1_000_000, Block = block };
        certificate.Prepares.AddRange(quorum.Select(v => SignedBy(v, MessageKind.Prepare, new Prepare { View = 1_000, Height = 1_000_000, BlockHash = hash })));
        var viewChange = new ViewChange { NewView = 1_001, CheckpointHeight = 999_800, CheckpointHash = hash };
        viewChange.CheckpointProof.AddRange(quorum.Select(v => SignedBy(v, MessageKind.Checkpoint, new Checkpoint { Height = 999_800, BlockHash = hash })));
        var certificates = (int)config.LogSize;
        var viewChangeBytes = Signed(viewChange.CalculateSize() + (long)certificates * CodedOutputStream.ComputeMessageSize(certificate));

        var prePrepare = new PrePrepare { View = 1_001, Height = 1_000_000, Block = block };
        var reproposal = Signed(prePrepare.CalculateSize());
        var newViewBytes = Signed(8 + config.QuorumSize * Field(viewChangeBytes) + certificates * Field(reproposal));
        const int ownViewChangesKept = 4;
        return new Sizes(viewChangeBytes, newViewBytes, ownViewChangesKept * Field(viewChangeBytes), certificates, block.CalculateSize());
    }

    // A SignedMessage around a payload: kind, sender, a 64-byte signature and the payload field.
    private static long Signed(long payloadBytes) => 2 + 2 + Field(64) + Field(payloadBytes);

    private static long Field(long bytes) => 1 + CodedOutputStream.ComputeLengthSize((int)Math.Min(bytes, int.MaxValue)) + bytes;
}
