namespace ChainNode.Simulation.Reconfiguration;

/// <summary>The validator-set changes a reconfiguring run makes; each keeps at most f Byzantine validators in every set it passes through.</summary>
public enum ReconfigurationKind
{
    /// <summary>A spare node joins.</summary>
    AddValidator,

    /// <summary>A spare node joins, later an honest validator leaves.</summary>
    RemoveValidator,

    /// <summary>A validator (honest or Byzantine) signs with a new key from then on.</summary>
    ReplaceKey,

    /// <summary>A spare node joins, later the primary proposing the change removes itself.</summary>
    RemoveCurrentPrimary,

    /// <summary>A Byzantine validator is removed and keeps sending (old-epoch and forged new-epoch messages).</summary>
    RemoveByzantine,

    /// <summary>A join and a key change in one block, then a removal and a join, then the joiner's key change.</summary>
    SeveralChanges,
}
