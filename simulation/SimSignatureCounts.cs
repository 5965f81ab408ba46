namespace ChainNode.Simulation;

/// <summary>Signatures made and checked by one simulated node across all its epochs' authenticators.</summary>
public sealed class SimSignatureCounts
{
    public long Signs { get; set; }

    public long Verifications { get; set; }
}
