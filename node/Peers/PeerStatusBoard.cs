namespace ChainNode.Node.Peers;

/// <summary>What this node knows about each other validator: connected, last heard from, height. Thread-safe.</summary>
public sealed class PeerStatusBoard(int validatorCount, TimeProvider clock)
{
    private readonly long[] _lastSeenMs = new long[validatorCount];
    private readonly long[] _heights = new long[validatorCount];
    private readonly int[] _connected = new int[validatorCount];

    public void Heard(int validator, ulong height)
    {
        Interlocked.Exchange(ref _lastSeenMs[validator], clock.GetUtcNow().ToUnixTimeMilliseconds());
        Interlocked.Exchange(ref _heights[validator], (long)height);
    }

    public void SetConnected(int validator, bool connected) => Interlocked.Exchange(ref _connected[validator], connected ? 1 : 0);

    public bool IsConnected(int validator) => Volatile.Read(ref _connected[validator]) == 1;

    public long LastSeenMs(int validator) => Volatile.Read(ref _lastSeenMs[validator]);

    public ulong Height(int validator) => (ulong)Volatile.Read(ref _heights[validator]);

    /// <summary>The highest committed height any peer has reported.</summary>
    public ulong HighestHeight()
    {
        long max = 0;
        for (var i = 0; i < _heights.Length; i++)
            max = Math.Max(max, Volatile.Read(ref _heights[i]));
        return (ulong)max;
    }
}
