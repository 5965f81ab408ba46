using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Governance;

/// <summary>What applying an action did: an error (nothing was written), or a warning and, for validator and parameter changes, the height the new epoch starts.</summary>
public sealed record ActionResult(string? Error, string? Warning = null, ulong TakesEffectHeight = 0)
{
    public static ActionResult Fail(string error) => new(error);

    public static readonly ActionResult Done = new((string?)null);
}

/// <summary>
/// Applies an approved action to the state in block <c>height</c>. Membership and admin changes
/// apply at once; validator and parameter changes edit the epoch that starts at
/// <see cref="EpochRules.TakesEffectAt"/>. Every check comes before the first write, so a
/// refused action leaves the state as it was.
/// </summary>
public static class GovernanceActions
{
    public static ActionResult Apply(GovernanceAction action, ulong height, ExecutionState state) => action.KindCase switch
    {
        GovernanceAction.KindOneofCase.MemberAdd => AddMember(new Address(action.MemberAdd.Span), state),
        GovernanceAction.KindOneofCase.MemberRemove => RemoveMember(new Address(action.MemberRemove.Span), state),
        GovernanceAction.KindOneofCase.AdminAdd => AddAdmin(new Address(action.AdminAdd.Span), state),
        GovernanceAction.KindOneofCase.AdminRemove => RemoveAdmin(new Address(action.AdminRemove.Span), state),
        _ => EditNextEpoch(height, state, epoch => EpochEdits.Apply(action, epoch)),
    };

    private static ActionResult AddMember(Address address, ExecutionState state)
    {
        if (state.IsMember(address))
            return ActionResult.Fail($"{address} is already a member");
        state.Set(StateKeys.Member(address), StateKeys.MemberFlag);
        state.WriteMembers(state.ReadMembers().Append(address));
        return ActionResult.Done;
    }

    private static ActionResult RemoveMember(Address address, ExecutionState state)
    {
        if (!state.IsMember(address))
            return ActionResult.Fail($"{address} is not a member");
        if (state.IsAdmin(address))
            return ActionResult.Fail($"{address} is an admin: remove the admin role first");
        state.Set(StateKeys.Member(address), null);
        state.WriteMembers(state.ReadMembers().Where(m => m != address));
        return ActionResult.Done;
    }

    private static ActionResult AddAdmin(Address address, ExecutionState state)
    {
        if (!state.IsMember(address))
            return ActionResult.Fail($"{address} is not a member: add it as a member first");
        var admins = state.ReadAdmins();
        if (admins.Contains(address))
            return ActionResult.Fail($"{address} is already an admin");
        state.WriteAdmins(admins.Append(address));
        return ActionResult.Done;
    }

    private static ActionResult RemoveAdmin(Address address, ExecutionState state)
    {
        var admins = state.ReadAdmins();
        if (!admins.Contains(address))
            return ActionResult.Fail($"{address} is not an admin");
        if (admins.Count == 1)
            return ActionResult.Fail($"{address} is the last admin: the network would have no one to govern it");
        var threshold = state.ReadGovernanceRules().Threshold;
        if (threshold > admins.Count - 1)
            return ActionResult.Fail($"removing {address} would leave {admins.Count - 1} admin(s), fewer than the {threshold} approvals every proposal needs");
        state.WriteAdmins(admins.Where(a => a != address));
        return ActionResult.Done;
    }

    // Several changes executed in one block share the epoch they open; a change in a later
    // block opens the next one from a copy of the last. Epochs already in force are never edited
    // (their start is at most the executing height), so the history of past heights is fixed.
    private static ActionResult EditNextEpoch(ulong height, ExecutionState state, Func<Epoch, string?> edit)
    {
        var history = state.ReadEpochs();
        var start = EpochRules.TakesEffectAt(height);
        var next = history.Epochs[^1];
        if (next.StartHeight != start)
        {
            next = next.Clone();
            next.StartHeight = start;
            history.Epochs.Add(next);
        }
        if (edit(next) is { } problem)
            return ActionResult.Fail(problem);
        var n = next.Validators.Count;
        if (n == 0)
            return ActionResult.Fail("the change would leave no validator");
        if (ParameterBounds.FindProblem(next.Parameters, n) is { } outOfBounds)
            return ActionResult.Fail($"from height {start}, with {n} validators: {outOfBounds}");
        state.WriteEpochs(history);
        var warning = n < EpochRules.FaultTolerantMinimum
            ? $"from height {start} the validator set has {n} validator(s): below {EpochRules.FaultTolerantMinimum} no fault is tolerated (f = 0)"
            : null;
        return new ActionResult(null, warning, start);
    }
}
