using ChainNode.Consensus.Protos;

namespace ChainNode.Consensus.Pbft;

/// <summary>Folds <see cref="PersistentChanges"/> into a <see cref="ReplicaState"/> snapshot.</summary>
public static class ReplicaStateStore
{
    private const int OwnViewChangesKept = 4;

    public static void Apply(ReplicaState state, PersistentChanges changes)
    {
        state.Epoch = changes.Epoch;
        state.View = changes.View;
        state.ViewActive = changes.ViewActive;
        state.Votes.AddRange(changes.Votes);
        if (changes.StableCheckpoint is not null)
            state.StableCheckpoint = changes.StableCheckpoint;
        if (changes.OwnViewChange is not null)
        {
            state.OwnViewChanges.Add(changes.OwnViewChange);
            if (state.OwnViewChanges.Count > OwnViewChangesKept)
                state.OwnViewChanges.RemoveAt(0);
        }
        foreach (var certificate in changes.Prepared)
        {
            // Only the highest-view certificate per height is kept, as the replica reports it.
            var existing = state.Prepared.FirstOrDefault(p => p.Height == certificate.Height);
            if (existing is not null)
                state.Prepared.Remove(existing);
            state.Prepared.Add(certificate);
        }
        if (changes.PruneAtOrBelow > 0)
        {
            var prune = changes.PruneAtOrBelow;
            var votes = state.Votes.Where(v => v.Height > prune).ToList();
            state.Votes.Clear();
            state.Votes.AddRange(votes);
            var prepared = state.Prepared.Where(p => p.Height > prune).ToList();
            state.Prepared.Clear();
            state.Prepared.AddRange(prepared);
        }
    }
}
