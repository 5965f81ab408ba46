namespace ChainNode.Ledger.Blocks;

/// <summary>
/// Fault tolerance arithmetic for n validators: f = floor((n-1)/3), a quorum large enough that
/// any two quorums share at least f+1 validators (2f+1 when n = 3f+1), and whose turn it is to lead.
/// </summary>
public static class Quorum
{
    public static int MaxFaulty(int validators) => (validators - 1) / 3;

    public static int Size(int validators) => (validators + MaxFaulty(validators)) / 2 + 1;

    /// <summary>The index of the primary of <paramref name="view"/>: the validators take turns in set order.</summary>
    public static int PrimaryOf(ulong view, int validators) => (int)(view % (ulong)validators);
}
