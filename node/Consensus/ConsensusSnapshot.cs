namespace ChainNode.Node.Consensus;

/// <summary>The replica's position, published by the loop for status queries from other threads.</summary>
public sealed record ConsensusSnapshot(ulong View, bool ViewActive, int Primary, ulong CommittedHeight);
