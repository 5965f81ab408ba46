namespace ChainNode.Ledger.Blocks;

/// <summary>
/// Fault tolerance arithmetic for n validators: f = floor((n-1)/3) and a quorum large enough that
/// any two quorums share at least f+1 validators (2f+1 when n = 3f+1).
/// </summary>
public static class Quorum
{
    public static int MaxFaulty(int validators) => (validators - 1) / 3;

    public static int Size(int validators) => (validators + MaxFaulty(validators)) / 2 + 1;
}
