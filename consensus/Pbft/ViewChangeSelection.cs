using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// Which blocks a new view must re-propose, from a quorum of view changes (PBFT §4.4, adapted to
/// a chain). The base is the highest stable checkpoint among them. Then, height by height, the
/// block prepared in the highest view is chosen, as in the paper, and the walk stops at the first
/// height where nothing was prepared or where that block does not extend the chosen parent.
///
/// Why stopping is safe: a replica only commits h+1 after it holds a commit quorum for h, so a
/// committed block's parent is committed too, and by the paper's argument every committed block
/// is the highest-view prepared block at its height in any quorum of view changes. A chain of
/// committed blocks therefore never contains a gap or a broken link before its end.
/// </summary>
internal static class ViewChangeSelection
{
    public sealed record Result(ulong BaseHeight, Hash32 BaseHash, IReadOnlyList<(PreparedCertificate Certificate, DecodedBlock Block)> Reproposals);

    public static Result Select(IReadOnlyList<VerifiedViewChange> viewChanges)
    {
        var baseChange = viewChanges.MaxBy(v => v.ViewChange.CheckpointHeight)!;
        var height = baseChange.ViewChange.CheckpointHeight;
        var parent = baseChange.CheckpointHash;
        var chosen = new List<(PreparedCertificate, DecodedBlock)>();
        while (true)
        {
            height++;
            (PreparedCertificate Certificate, DecodedBlock Block)? best = null;
            foreach (var viewChange in viewChanges)
            {
                foreach (var candidate in viewChange.Prepared)
                {
                    if (candidate.Certificate.Height != height)
                        continue;
                    // Ties in view are the same block (prepare quorums intersect); take the first seen.
                    if (best is null || candidate.Certificate.View > best.Value.Certificate.View)
                        best = candidate;
                }
            }
            if (best is null || !best.Value.Block.Header.PreviousHash.Span.SequenceEqual(parent.Span))
                break;
            chosen.Add(best.Value);
            parent = best.Value.Block.Hash;
        }
        return new Result(baseChange.ViewChange.CheckpointHeight, baseChange.CheckpointHash, chosen);
    }
}
