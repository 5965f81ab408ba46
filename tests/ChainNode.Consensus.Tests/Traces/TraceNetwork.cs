namespace ChainNode.Consensus.Tests.Traces;

/// <summary>
/// The scripted network: messages wait, in send order, until a command delivers or drops them.
/// Standing drop rules (a silent node, lost commits) discard matching messages as they are sent.
/// </summary>
internal sealed class TraceNetwork(Action<string> log)
{
    private readonly List<InFlight> _inFlight = [];
    private readonly List<MessageFilter> _dropRules = [];

    public IReadOnlyList<InFlight> Pending => _inFlight;

    public void Send(InFlight message)
    {
        if (_dropRules.Any(rule => rule.Matches(message)))
            log($"dropped {message}");
        else
            _inFlight.Add(message);
    }

    /// <summary>Removes and returns the messages in flight that match, in send order.</summary>
    public List<InFlight> Take(MessageFilter filter)
    {
        var taken = _inFlight.Where(filter.Matches).ToList();
        _inFlight.RemoveAll(filter.Matches);
        return taken;
    }

    /// <summary>Drops what is in flight and matches, and from now on everything matching that is sent.</summary>
    public void Drop(MessageFilter filter)
    {
        foreach (var message in Take(filter))
            log($"dropped {message}");
        _dropRules.Add(filter);
    }

    public void Heal() => _dropRules.Clear();
}
