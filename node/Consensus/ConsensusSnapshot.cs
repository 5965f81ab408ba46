using ChainNode.Ledger.Governance;

namespace ChainNode.Node.Consensus;

/// <summary>The replica's position, published by the loop for status queries from other threads.</summary>
public sealed record ConsensusSnapshot(ulong View, bool ViewActive, int Primary, ulong CommittedHeight, ValidatorEpoch Epoch)
{
    public Ledger.Blocks.Validator PrimaryValidator => Epoch.Validators[Primary];
}
