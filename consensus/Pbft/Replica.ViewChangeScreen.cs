using ChainNode.Consensus.Protos;

namespace ChainNode.Consensus.Pbft;

// Admission of VIEW-CHANGEs before their full check. A full check verifies a checkpoint proof and
// a quorum of PREPAREs per prepared certificate: hundreds of signatures. One Byzantine validator
// could otherwise make every honest replica pay that for each message it sends. So:
// - a view change for a view this replica has left (or is active in) is never fully checked;
// - each sender gets at most one full check per view, whatever the outcome, and only for the
//   views that matter now (this view while gathering it, and the next); a message counts
//   against its sender only once its signature shows it is the sender's;
// - a view change for a view further ahead costs one signature check and is held, one per
//   sender (its highest); it counts towards the f+1 rule and is fully checked only once this
//   replica's view comes near it.
public sealed partial class Replica
{
    private readonly (ulong View, SignedMessage Message)?[] _heldViewChanges;
    private readonly SortedSet<ulong>[] _fullyCheckedViews;

    /// <summary>An outcome when the message needs no full check, or null when it must have one.</summary>
    private StepOutcome? ScreenViewChange(SignedMessage message)
    {
        if (!_verifier.TryParse(message, MessageKind.ViewChange, ViewChange.Parser, out var viewChange, out var error))
            return StepOutcome.Rejected(error!);
        var sender = (int)message.Sender;
        var newView = viewChange.NewView;
        var stale = newView < View || newView == View && ViewActive;
        if (stale || _viewChanges.Find(sender, newView) is not null)
        {
            // Still worth one signature check: the sender may be behind and need our help.
            if (!_verifier.Authentic(message, viewChange, out error))
                return StepOutcome.Rejected(error!);
            HelpReplicaBehind(sender, newView);
            return StepOutcome.Ignored(stale
                ? $"view change to view {newView}, this replica is in view {View}"
                : "already have this sender's view change for that view");
        }
        var checkedViews = _fullyCheckedViews[sender];
        checkedViews.RemoveWhere(v => v < View);
        if (checkedViews.Contains(newView))
            return StepOutcome.Ignored("this sender's view change for that view was already checked");
        if (newView > View + 1)
            return HoldFarViewChange(sender, newView, message, viewChange);
        // Only the sender's own signature may use up its check: a message forged in its name
        // (by a relay claiming to be it) would otherwise shut out the genuine one.
        if (!_verifier.Authentic(message, viewChange, out error))
            return StepOutcome.Rejected(error!);
        checkedViews.Add(newView);
        return null;
    }

    private StepOutcome HoldFarViewChange(int sender, ulong newView, SignedMessage message, ViewChange viewChange)
    {
        if (_heldViewChanges[sender] is { } held && held.View >= newView)
            return StepOutcome.Ignored($"already hold a view change from validator {sender} for view {held.View}");
        if (!_verifier.Authentic(message, viewChange, out var error))
            return StepOutcome.Rejected(error!);
        _heldViewChanges[sender] = (newView, message);
        JoinHigherViewIfSupported();
        return StepOutcome.Ignored($"view change to view {newView}, far ahead of view {View}; held");
    }

    /// <summary>Each sender's highest requested view above <paramref name="view"/>, checked or held, highest first.</summary>
    private List<ulong> RequestedViewsAbove(ulong view)
    {
        var views = new List<ulong>();
        for (var sender = 0; sender < _config.ValidatorCount; sender++)
        {
            var highest = Math.Max(_viewChanges.HighestView(sender) ?? 0, _heldViewChanges[sender]?.View ?? 0);
            if (highest > view)
                views.Add(highest);
        }
        return views.OrderDescending().ToList();
    }

    // Held view changes whose view has come near get their full check now; those overtaken go.
    private void CheckHeldViewChanges()
    {
        for (var sender = 0; sender < _config.ValidatorCount; sender++)
        {
            if (_heldViewChanges[sender] is not { } held || held.View > View + 1)
                continue;
            _heldViewChanges[sender] = null;
            if (ScreenViewChange(held.Message) is null && _verifier.CheckViewChange(held.Message, out _) is { } verified)
                TakeViewChange(verified);
        }
    }
}
