using System.Collections.Immutable;
using ChainNode.Ledger.Types;

namespace ChainNode.Simulation.Reconfiguration;

/// <summary>One node of a validator set and the key id it signs with.</summary>
public readonly record struct SimMember(int Node, int Key);

/// <summary>
/// The validator set of one epoch: from <see cref="StartHeight"/> on, validator index i is
/// <see cref="Members"/>[i]. <see cref="BaseHash"/> (the block before the epoch) is known once
/// that block exists, a block after the change that scheduled the epoch.
/// </summary>
public sealed record SimValidatorSet(ulong StartHeight, Hash32? BaseHash, ImmutableArray<SimMember> Members)
{
    public int Count => Members.Length;

    public IReadOnlyList<int> Keys => Members.Select(m => m.Key).ToArray();

    public int IndexOf(int node)
    {
        for (var i = 0; i < Members.Length; i++)
        {
            if (Members[i].Node == node)
                return i;
        }
        return -1;
    }

    public bool Contains(int node) => IndexOf(node) >= 0;

    public override string ToString() => $"epoch {StartHeight}: [{string.Join(",", Members.Select(m => $"{m.Node}/k{m.Key}"))}]";
}
