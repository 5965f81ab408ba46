using System.Net;
using Microsoft.AspNetCore.Connections;

namespace ChainNode.Node.Hosting;

/// <summary>
/// Wraps Kestrel's socket transport so that every port with a <see cref="PortGuard"/> turns
/// away excess connections inside its accept loop: a refused socket is closed before the next
/// accept, so a flood never piles up accepted sockets waiting for a worker thread.
/// </summary>
public sealed class GatedListenerFactory(IConnectionListenerFactory inner, IReadOnlyDictionary<int, PortGuard> guards) : IConnectionListenerFactory
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = await inner.BindAsync(endpoint, cancellationToken);
        return endpoint is IPEndPoint ip && guards.TryGetValue(ip.Port, out var guard) ? new GatedListener(listener, guard) : listener;
    }

    private sealed class GatedListener(IConnectionListener inner, PortGuard guard) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                var connection = await inner.AcceptAsync(cancellationToken);
                if (connection is null || guard.Admit(connection))
                    return connection;
                connection.Abort();
                await connection.DisposeAsync();
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
