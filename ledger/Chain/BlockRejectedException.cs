namespace ChainNode.Ledger.Chain;

/// <summary>A block offered for commit does not extend the stored chain validly; nothing was written.</summary>
public sealed class BlockRejectedException(ulong height, string problem)
    : Exception($"Block {height} rejected: {problem}.")
{
    public ulong Height { get; } = height;
    public string Problem { get; } = problem;
}
