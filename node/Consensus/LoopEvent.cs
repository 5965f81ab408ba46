using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;

namespace ChainNode.Node.Consensus;

/// <summary>Input to the consensus loop; it handles one at a time, in the order ConsensusInbox gives them.</summary>
public abstract record LoopEvent
{
    public sealed record Inbound(PublicKey From, SignedMessage Message) : LoopEvent;

    public sealed record Tick : LoopEvent;

    public sealed record TxsArrived : LoopEvent;

    public sealed record Fetched(long Id, int From, IReadOnlyList<FinalizedBlock> Blocks) : LoopEvent;

    public sealed record FetchFailed(long Id, int From, string Reason) : LoopEvent;
}
