namespace ChainNode.Ledger.Chain;

/// <summary>A block offered for commit does not extend the stored chain validly; nothing was written.</summary>
public sealed class BlockRejectedException(ulong height, string problem, bool stateRootDiffers = false)
    : Exception($"Block {height} rejected: {problem}.")
{
    public ulong Height { get; } = height;
    public string Problem { get; } = problem;

    /// <summary>The block is well formed and certified, but executing it here gives another state root.</summary>
    public bool StateRootDiffers { get; } = stateRootDiffers;
}
