using ChainNode.Ledger.Blocks;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// Parameters of one replica. Time is counted in ticks: the shell decides how long a tick is
/// (the node uses wall-clock milliseconds, the simulator uses steps).
/// </summary>
public sealed record ConsensusConfig
{
    public required int ValidatorCount { get; init; }

    /// <summary>Hash of block 0: the checkpoint every replica starts from, needing no proof.</summary>
    public required ChainNode.Ledger.Types.Hash32 GenesisHash { get; init; }

    /// <summary>
    /// First height of the validator epoch this replica serves (1 for genesis's set). Every
    /// message it signs carries it, and it votes only above <see cref="BaseHeight"/>.
    /// </summary>
    public ulong EpochStart { get; init; } = 1;

    /// <summary>Hash of the block before the epoch (the genesis hash for the first): the checkpoint the epoch starts from, needing no proof.</summary>
    public ChainNode.Ledger.Types.Hash32? EpochBaseHash { get; init; }

    public ulong BaseHeight => EpochStart - 1;

    public ChainNode.Ledger.Types.Hash32 BaseHash => EpochBaseHash ?? GenesisHash;

    /// <summary>This replica's index in the epoch's validator list.</summary>
    public required int Self { get; init; }

    /// <summary>Heights in flight: the primary may pre-prepare h+Window-1 while h commits.</summary>
    public int Window { get; init; } = 1;

    /// <summary>Every this many heights replicas exchange checkpoints (K).</summary>
    public ulong CheckpointInterval { get; init; } = 16;

    /// <summary>Ticks without a commit before a replica votes to change view; doubles per failed view.</summary>
    public int ViewChangeTimeoutTicks { get; init; } = 40;

    /// <summary>Ticks the primary waits between proposals.</summary>
    public int BlockIntervalTicks { get; init; } = 2;

    /// <summary>Cap on the timeout doubling, so a long outage does not leave hour-long timeouts.</summary>
    public int MaxTimeoutDoublings { get; init; } = 6;

    /// <summary>Largest encoded block a primary may propose (genesis consensus.maxBlockBytes).</summary>
    public int MaxBlockBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Most transactions a block may hold (genesis consensus.maxTxsPerBlock).</summary>
    public int MaxTxsPerBlock { get; init; } = 100_000;

    public int MaxFaulty => Quorum.MaxFaulty(ValidatorCount);

    public int QuorumSize => Quorum.Size(ValidatorCount);

    /// <summary>Span of the watermark window above the stable checkpoint.</summary>
    public ulong LogSize => Math.Max(2 * CheckpointInterval, 2 * (ulong)Window);

    public int PrimaryOf(ulong view) => Ledger.Blocks.Quorum.PrimaryOf(view, ValidatorCount);

    public void Validate()
    {
        if (EpochStart < 1 || EpochStart > 1 && EpochBaseHash is null)
            throw new ArgumentException("EpochStart must be at least 1, and a later epoch needs its base block's hash.");
        if (ValidatorCount < 1)
            throw new ArgumentException("ValidatorCount must be at least 1.");
        if (Self < 0 || Self >= ValidatorCount)
            throw new ArgumentException($"Self must be in 0..{ValidatorCount - 1}.");
        if (Window < 1 || CheckpointInterval < 1 || ViewChangeTimeoutTicks < 2 || BlockIntervalTicks < 0)
            throw new ArgumentException("Window, CheckpointInterval and ViewChangeTimeoutTicks must be positive.");
        if (MaxBlockBytes < 1 || MaxTxsPerBlock < 1)
            throw new ArgumentException("MaxBlockBytes and MaxTxsPerBlock must be positive.");
    }
}
