using System.Text;
using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using Google.Protobuf;

namespace ChainNode.Simulation;

/// <summary>The last messages of a run, kept raw and formatted only when a failure is reported.</summary>
public sealed class TraceLog(int capacity)
{
    private readonly Queue<(long Tick, int From, int To, SignedMessage Message, StepOutcome Outcome)> _entries = new();
    private readonly Queue<(long Tick, string Text)> _events = new();

    public void Message(long tick, int from, int to, SignedMessage message, StepOutcome outcome)
    {
        if (_entries.Count == capacity)
            _entries.Dequeue();
        _entries.Enqueue((tick, from, to, message, outcome));
    }

    public void Event(long tick, string text)
    {
        if (_events.Count == capacity)
            _events.Dequeue();
        _events.Enqueue((tick, text));
    }

    public string Format()
    {
        var lines = _entries.Select(e => (e.Tick, Text: $"{e.From}->{e.To} {Describe(e.Message)} : {e.Outcome.Result}{(e.Outcome.Reason is null ? "" : " (" + e.Outcome.Reason + ")")}"))
            .Concat(_events.Select(e => (e.Tick, Text: "** " + e.Text)))
            .OrderBy(e => e.Tick);
        var text = new StringBuilder();
        foreach (var (tick, line) in lines)
            text.Append("t=").Append(tick).Append(' ').AppendLine(line);
        return text.ToString();
    }

    /// <summary>One line naming a message's kind and key fields, e.g. "PREPARE v=2 h=7 3fa9c1".</summary>
    public static string Describe(SignedMessage message)
    {
        try
        {
            return message.Kind switch
            {
                MessageKind.PrePrepare => PrePrepare.Parser.ParseFrom(message.Payload) is var p
                    ? $"PRE-PREPARE v={p.View} h={p.Height} {Abbreviate(ChainNode.Ledger.Blocks.DecodedBlock.From(p.Block).Hash.Span)}" : "",
                MessageKind.Prepare => Prepare.Parser.ParseFrom(message.Payload) is var p ? $"PREPARE v={p.View} h={p.Height} {Abbreviate(p.BlockHash)}" : "",
                MessageKind.Commit => Commit.Parser.ParseFrom(message.Payload) is var c ? $"COMMIT v={c.View} h={c.Height} {Abbreviate(c.BlockHash)}" : "",
                MessageKind.Checkpoint => Checkpoint.Parser.ParseFrom(message.Payload) is var c ? $"CHECKPOINT h={c.Height} {Abbreviate(c.BlockHash)}" : "",
                MessageKind.ViewChange => ViewChange.Parser.ParseFrom(message.Payload) is var v
                    ? $"VIEW-CHANGE to v={v.NewView} checkpoint={v.CheckpointHeight} prepared=[{string.Join(",", v.Prepared.Select(p => p.Height))}]" : "",
                MessageKind.NewView => NewView.Parser.ParseFrom(message.Payload) is var n
                    ? $"NEW-VIEW v={n.View} from=[{string.Join(",", n.ViewChanges.Select(v => v.Sender))}] reproposes=[{string.Join(",", n.PrePrepares.Select(p => PrePrepare.Parser.ParseFrom(p.Payload).Height))}]" : "",
                _ => $"{message.Kind} ({message.Payload.Length} bytes)",
            };
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or FormatException or NullReferenceException)
        {
            return $"{message.Kind} (malformed, {message.Payload.Length} bytes)";
        }
    }

    public static string Abbreviate(ReadOnlySpan<byte> hash) => hash.Length >= 3 ? Convert.ToHexStringLower(hash[..3]) : "?";

    private static string Abbreviate(ByteString hash) => Abbreviate(hash.Span);
}
