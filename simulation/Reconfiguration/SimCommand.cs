using ChainNode.Ledger.Protos;

namespace ChainNode.Simulation.Reconfiguration;

public enum SimCommandKind : byte
{
    AddValidator = 1,
    RemoveValidator = 2,
    ReplaceKey = 3,
}

/// <summary>
/// A validator-set change carried in a simulated block (the stand-in for an executed governance
/// proposal). <see cref="Id"/> makes it apply once however many blocks carry it: a primary
/// includes every due change its parent's chain has not applied yet.
/// </summary>
public sealed record SimCommand(ushort Id, SimCommandKind Kind, int Node, int NewKey = 0)
{
    private const int Size = 5;
    private static readonly byte[] Marker = "RECONFIGURE"u8.ToArray();

    public static byte[] Encode(IReadOnlyList<SimCommand> commands)
    {
        var bytes = new byte[Marker.Length + Size * commands.Count];
        Marker.CopyTo(bytes, 0);
        for (var i = 0; i < commands.Count; i++)
        {
            var at = Marker.Length + Size * i;
            BitConverter.TryWriteBytes(bytes.AsSpan(at), commands[i].Id);
            bytes[at + 2] = (byte)commands[i].Kind;
            bytes[at + 3] = (byte)commands[i].Node;
            bytes[at + 4] = (byte)commands[i].NewKey;
        }
        return bytes;
    }

    /// <summary>The changes a block carries (in its second transaction), or a reason it is malformed.</summary>
    public static IReadOnlyList<SimCommand> Read(Block block, out string? problem)
    {
        problem = null;
        if (block.Transactions.Count < 2)
            return [];
        var body = block.Transactions[1].Body.Span;
        if (!body.StartsWith(Marker) || (body.Length - Marker.Length) % Size != 0)
        {
            problem = "malformed reconfiguration transaction";
            return [];
        }
        var commands = new List<SimCommand>();
        for (var at = Marker.Length; at < body.Length; at += Size)
            commands.Add(new SimCommand(BitConverter.ToUInt16(body[at..]), (SimCommandKind)body[at + 2], body[at + 3], body[at + 4]));
        return commands;
    }

    public override string ToString() => Kind switch
    {
        SimCommandKind.AddValidator => $"#{Id} add node {Node}",
        SimCommandKind.RemoveValidator => $"#{Id} remove node {Node}",
        _ => $"#{Id} node {Node} takes key {NewKey}",
    };
}
