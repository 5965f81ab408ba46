using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// Everything a replica holds about one height: the pre-prepare it accepted, the votes it has
/// seen (at most one per sender, so a flooding sender cannot grow it), its own votes, its
/// prepared certificate and, once reached, the commit certificate.
/// </summary>
internal sealed class HeightSlot(ulong height, int validators)
{
    private const int MaxKnownBlocks = 4;

    public ulong Height { get; } = height;

    /// <summary>The pre-prepare accepted in <see cref="AcceptedView"/>, if any.</summary>
    public DecodedBlock? Accepted { get; set; }

    public ulong AcceptedView { get; set; }

    /// <summary>A pre-prepare that arrived before its parent or its view; retried later.</summary>
    public (SignedMessage Message, PrePrepare PrePrepare, DecodedBlock Block)? Pending { get; set; }

    /// <summary>Per sender, its newest PREPARE: (view, block hash, signed message).</summary>
    public (ulong View, Hash32 Hash, SignedMessage Message)?[] Prepares { get; } = new (ulong, Hash32, SignedMessage)?[validators];

    /// <summary>
    /// Per sender, its COMMITs from its two newest views: (view, block hash, signature). Two,
    /// because a quorum from an older view must survive some of its members moving on.
    /// </summary>
    public List<(ulong View, Hash32 Hash, byte[] Signature)>[] Commits { get; } =
        Enumerable.Range(0, validators).Select(_ => new List<(ulong View, Hash32 Hash, byte[] Signature)>(2)).ToArray();

    /// <summary>Records a commit; false if this sender's commit for that view is already held or older than both kept.</summary>
    public bool AddCommit(int sender, ulong view, Hash32 hash, byte[] signature)
    {
        if (!WouldKeepCommit(sender, view))
            return false;
        var commits = Commits[sender];
        commits.Add((view, hash, signature));
        if (commits.Count > 2)
            commits.Remove(commits.MinBy(c => c.View));
        return true;
    }

    /// <summary>False if this sender's commit for that view is already held or older than both kept.</summary>
    public bool WouldKeepCommit(int sender, ulong view)
    {
        var commits = Commits[sender];
        return !(commits.Any(c => c.View == view) || commits.Count == 2 && commits.All(c => c.View > view));
    }

    /// <summary>This replica's own pre-prepare or prepare votes by view (restored after a restart).</summary>
    public SortedDictionary<ulong, Hash32> MyVotes { get; } = [];

    public ulong? CommitSentInView { get; set; }

    /// <summary>Highest-view prepared certificate, reported in view changes.</summary>
    public PreparedCertificate? Prepared { get; set; }

    public Hash32? CommittedHash { get; set; }

    public CommitCertificate? Certificate { get; set; }

    private readonly List<DecodedBlock> _knownBlocks = [];

    public void Remember(DecodedBlock block)
    {
        if (_knownBlocks.Any(b => b.Hash == block.Hash))
            return;
        if (_knownBlocks.Count == MaxKnownBlocks)
            _knownBlocks.RemoveAt(0);
        _knownBlocks.Add(block);
    }

    public DecodedBlock? FindBlock(Hash32 hash) => _knownBlocks.FirstOrDefault(b => b.Hash == hash);

    public bool IsAcceptedIn(ulong view) => Accepted is not null && AcceptedView == view;
}
