using System.Collections.Concurrent;

namespace ChainNode.Node.Api;

/// <summary>Open server streams per HTTP/2 connection, with a cap, so one client cannot hold unbounded subscriptions. Thread-safe.</summary>
public sealed class StreamCounter(int maxPerConnection)
{
    private readonly ConcurrentDictionary<string, int> _open = new();

    public int Max => maxPerConnection;

    /// <summary>Counts a new stream on <paramref name="connection"/>; null if the connection is at its cap.</summary>
    public IDisposable? TryOpen(string connection)
    {
        while (true)
        {
            var current = _open.GetOrAdd(connection, 0);
            if (current >= maxPerConnection)
                return null;
            if (_open.TryUpdate(connection, current + 1, current))
                return new Release(this, connection);
        }
    }

    private void Close(string connection)
    {
        while (true)
        {
            var current = _open[connection];
            if (current == 1 ? ((ICollection<KeyValuePair<string, int>>)_open).Remove(new(connection, 1)) : _open.TryUpdate(connection, current - 1, current))
                return;
        }
    }

    private sealed class Release(StreamCounter owner, string connection) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                owner.Close(connection);
        }
    }
}
