using ChainNode.Consensus.Pbft;

namespace ChainNode.Node.Hosting;

/// <summary>
/// Seams for test harnesses that host a validator in their own process (for example a
/// deliberately Byzantine validator). Only code calling <see cref="ValidatorNode.RunAsync"/>
/// directly can set them: no command-line option or config field of chainnode reaches them.
/// </summary>
public sealed class NodeHooks
{
    /// <summary>Rewrites each consensus message this validator is about to send (test-only misbehaviour).</summary>
    public Func<OutboundMessage, IEnumerable<OutboundMessage>>? TamperOutbound { get; init; }

    /// <summary>Chooses which candidate txs this validator puts in its proposals (test-only misbehaviour, e.g. censorship).</summary>
    public Func<IReadOnlyList<ChainNode.Ledger.Transactions.VerifiedTransaction>, IReadOnlyList<ChainNode.Ledger.Transactions.VerifiedTransaction>>? FilterProposal { get; init; }
}
