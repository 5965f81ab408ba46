namespace ChainNode.Consensus.Pbft;

/// <summary>
/// VIEW-CHANGE messages received, kept per sender for its few most recent views. Keeping more
/// than the latest matters: a replica that has moved on to view v+1 still counts towards the
/// quorum for view v it asked for earlier. The per-sender cap bounds what a flooder can store.
/// </summary>
internal sealed class ViewChangeLog
{
    private const int ViewsPerSender = 4;
    private readonly SortedDictionary<ulong, VerifiedViewChange>[] _bySender;

    public ViewChangeLog(int validators)
    {
        _bySender = new SortedDictionary<ulong, VerifiedViewChange>[validators];
        for (var i = 0; i < validators; i++)
            _bySender[i] = [];
    }

    /// <summary>Stores a view change; false if this sender's one for that view is already held.</summary>
    public bool Add(VerifiedViewChange viewChange, bool replace = false)
    {
        var views = _bySender[viewChange.Sender];
        var view = viewChange.ViewChange.NewView;
        if (views.ContainsKey(view) && !replace)
            return false;
        views[view] = viewChange;
        if (views.Count > ViewsPerSender)
            views.Remove(views.Keys.First());
        return true;
    }

    public VerifiedViewChange? Find(int sender, ulong view) => _bySender[sender].GetValueOrDefault(view);

    /// <summary>The highest view this sender asked for, if any of its view changes is held.</summary>
    public ulong? HighestView(int sender) => _bySender[sender].Count > 0 ? _bySender[sender].Keys.Last() : null;

    public int CountFor(ulong view) => _bySender.Count(views => views.ContainsKey(view));

    /// <summary>The view changes for <paramref name="view"/>, in sender order.</summary>
    public List<VerifiedViewChange> For(ulong view) =>
        _bySender.Where(views => views.ContainsKey(view)).Select(views => views[view]).ToList();

    public void DropBelow(ulong view)
    {
        foreach (var views in _bySender)
        {
            while (views.Count > 0 && views.Keys.First() < view)
                views.Remove(views.Keys.First());
        }
    }
}
