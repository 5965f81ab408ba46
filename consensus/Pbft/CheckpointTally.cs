using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

/// <summary>CHECKPOINT votes for one height, one per sender.</summary>
internal sealed class CheckpointTally(int validators)
{
    public (Hash32 Hash, SignedMessage Message)?[] Votes { get; } = new (Hash32, SignedMessage)?[validators];

    /// <summary>The signed votes for <paramref name="hash"/>, in sender order.</summary>
    public List<SignedMessage> VotesFor(Hash32 hash) =>
        Votes.Where(v => v is { } vote && vote.Hash == hash).Select(v => v!.Value.Message).ToList();
}
