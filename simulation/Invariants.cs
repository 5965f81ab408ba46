using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;

namespace ChainNode.Simulation;

/// <summary>
/// Safety properties checked on every honest commit: agreement (one block per height across
/// honest replicas), validity (only proposed, valid blocks) and certificates (a quorum of
/// distinct commits, correctly signed by the validator set the chain puts in force at the
/// block's height), plus chaining onto the replica's previous block. Followers and joiners are
/// honest replicas too: their ledgers must agree.
/// </summary>
public sealed class Invariants(Reconfiguration.EpochRegistry epochs)
{
    private readonly Dictionary<ulong, Hash32> _decided = [];
    private readonly HashSet<Hash32> _proposed = [];
    private readonly SimSignatureCounts _checks = new();

    public void Proposed(Hash32 block) => _proposed.Add(block);

    /// <summary>
    /// PBFT's view change is safe only if a replica's VIEW-CHANGE reports every block it prepared
    /// before that view above the checkpoint it reports (at that height, from at least as late a
    /// view). Checked on every VIEW-CHANGE an honest replica sends, against the certificates it
    /// persisted.
    /// </summary>
    public static string? CheckViewChange(SimReplica replica, SignedMessage message)
    {
        var viewChange = ViewChange.Parser.ParseFrom(message.Payload);
        var reported = viewChange.Prepared.ToDictionary(c => c.Height, c => c.View);
        // Certificates from the new view or later were made after this VIEW-CHANGE (one repeated to a laggard).
        foreach (var prepared in replica.PersistedState.Prepared.Where(c => c.Height > viewChange.CheckpointHeight && c.View < viewChange.NewView))
        {
            if (!reported.TryGetValue(prepared.Height, out var view) || view < prepared.View)
                return $"view change incomplete: replica {replica.Index} prepared height {prepared.Height} in view {prepared.View}, "
                    + $"but its VIEW-CHANGE to view {viewChange.NewView} from checkpoint {viewChange.CheckpointHeight} reports heights [{string.Join(",", reported.Keys)}]";
        }
        return null;
    }

    /// <summary>Returns the violated property, or null.</summary>
    public string? CheckCommit(SimReplica replica, CommittedBlock committed, Hash32 previous)
    {
        if (_decided.TryGetValue(committed.Height, out var decided) && decided != committed.Hash)
            return $"agreement violated: replica {replica.Index} committed {committed.Hash} at height {committed.Height}, another honest replica committed {decided}";
        _decided[committed.Height] = committed.Hash;
        if (!_proposed.Contains(committed.Hash))
            return $"validity violated: replica {replica.Index} committed block {committed.Hash} at height {committed.Height} that no one proposed";
        if (SimBlocks.IsMarkedInvalid(committed.Block))
            return $"validity violated: replica {replica.Index} committed invalid block {committed.Hash} at height {committed.Height}";
        var block = DecodedBlock.From(committed.Block);
        if (block.Height != committed.Height || block.Hash != committed.Hash || !block.Header.PreviousHash.Span.SequenceEqual(previous.Span))
            return $"chain broken: replica {replica.Index} committed block {committed.Height} that does not extend its block {committed.Height - 1}";
        var set = epochs.ScheduleOf(previous).At(committed.Height);
        var checker = new SimAuthenticator(-1, set.Keys, _checks);
        return CommitCertificateCheck.FindProblem(committed.Certificate, SimBlocks.GenesisHash, committed.Height, committed.Hash, set.Count, checker.Verify) is { } problem
            ? $"certificate violated at height {committed.Height} ({set}): {problem}"
            : null;
    }
}
