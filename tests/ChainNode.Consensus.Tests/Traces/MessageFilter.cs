using ChainNode.Consensus.Protos;

namespace ChainNode.Consensus.Tests.Traces;

/// <summary>
/// Which messages a <c>deliver</c> or <c>drop</c> applies to: senders, receivers and kinds
/// (<c>from=0 to=1,2 kind=PREPARE,COMMIT</c>); an absent part matches everything.
/// </summary>
internal sealed record MessageFilter(IReadOnlyList<int>? From, IReadOnlyList<int>? To, IReadOnlyList<MessageKind>? Kinds)
{
    private static readonly Dictionary<string, MessageKind> KindNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PRE-PREPARE"] = MessageKind.PrePrepare,
        ["PREPARE"] = MessageKind.Prepare,
        ["COMMIT"] = MessageKind.Commit,
        ["CHECKPOINT"] = MessageKind.Checkpoint,
        ["VIEW-CHANGE"] = MessageKind.ViewChange,
        ["NEW-VIEW"] = MessageKind.NewView,
    };

    public static MessageFilter Parse(TraceCommand command) => new(command.Ints("from"), command.Ints("to"),
        command.Value("kind")?.Split(',').Select(name => KindNames.TryGetValue(name, out var kind)
            ? kind : throw new TraceScriptException($"unknown message kind '{name}' (known: {string.Join(", ", KindNames.Keys)})")).ToList());

    /// <summary>The name traces use for <paramref name="kind"/>, as <see cref="Simulation.TraceLog.Describe"/> writes it.</summary>
    public static string NameOf(MessageKind kind) => KindNames.FirstOrDefault(k => k.Value == kind).Key ?? kind.ToString();

    public bool Matches(InFlight message) =>
        (From is null || From.Contains(message.From)) && (To is null || To.Contains(message.To))
        && (Kinds is null || Kinds.Contains(message.Message.Kind));
}

/// <summary>A message sent and not yet delivered, between node ids.</summary>
internal sealed record InFlight(int From, int To, SignedMessage Message)
{
    public override string ToString() => $"r{From}->r{To} {Simulation.TraceLog.Describe(Message)}";
}
