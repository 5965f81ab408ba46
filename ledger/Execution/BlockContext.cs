using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Execution;

/// <summary>What a tx may know about the block it runs in: all of it from the header, never the clock.</summary>
public sealed record BlockContext(ulong Height, long TimestampMs, Address Proposer, ulong GasPrice);
