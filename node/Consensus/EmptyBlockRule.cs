namespace ChainNode.Node.Consensus;

/// <summary>
/// When the primary proposes a block that holds no txs (config.json consensus section). With
/// <c>createEmptyBlocks</c> on, one every <see cref="HeartbeatMs"/> (half the view-change timeout),
/// so observers see the chain advance while idle. Off, only after <see cref="IdleIntervalMs"/>
/// since the parent block (0: never), measured from the parent's timestamp so a new primary or a
/// restarted one keeps the same cadence. Replicas read the same setting (ConsensusLoop's tick):
/// with it on they expect a block every heartbeat and replace a primary that sends none, with it
/// off an idle primary is left alone, so every validator needs the same value. Block 1 is always
/// made: it shows a new chain has a quorum.
/// </summary>
public sealed record EmptyBlockRule(bool CreateEmptyBlocks, long HeartbeatMs, long IdleIntervalMs)
{
    public bool Due(ulong height, long nowMs, long lastProposalMs, long parentTimestampMs) =>
        height == 1
        || (CreateEmptyBlocks
            ? nowMs - lastProposalMs >= HeartbeatMs
            : IdleIntervalMs > 0 && nowMs - parentTimestampMs >= IdleIntervalMs);
}
