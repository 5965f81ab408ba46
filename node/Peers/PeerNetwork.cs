using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;
using ChainNode.Node.Peers.Protos;
using Grpc.Core;

namespace ChainNode.Node.Peers;

/// <summary>
/// The peer directory: one <see cref="PeerLink"/> per validator this node should talk to, by
/// public key, and the routing of sends, gossip and fetches to them. The consensus loop replaces
/// the directory at start and at every epoch switch (<see cref="UpdatePeers"/>); the server side
/// (<see cref="PeerSessions"/>) follows the same directory, so a key that leaves it loses its
/// session and its deliveries are refused from then on. Thread-safe.
/// </summary>
public sealed class PeerNetwork(PeerLinkContext context, PeerSessions sessions) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Task> _running = [];
    // Replaced whole under the lock; read without it on every send.
    private volatile Dictionary<PublicKey, Link> _links = [];
    private CancellationToken? _stop;
    private bool _disposed;

    public PeerStatusBoard Status => context.Status;

    /// <summary>The validators this node links to now (this node's own key never among them).</summary>
    public IReadOnlyList<Validator> Directory => [.. _links.Values.Select(l => l.Peer.Peer)];

    /// <summary>
    /// Makes <paramref name="validators"/> the directory: the union of the current and next
    /// scheduled epoch's validators (this node's own key is skipped; when a key is listed twice
    /// the later entry wins, so pass the next epoch last). Opens links to new keys, closes links
    /// to keys no longer listed, re-dials a key whose address changed, and has the server side
    /// drop the sessions of keys that changed role.
    /// </summary>
    public void UpdatePeers(IReadOnlyList<Validator> validators)
    {
        var self = context.Key.PublicKey;
        var wanted = new Dictionary<PublicKey, Validator>();
        foreach (var validator in validators)
        {
            if (!validator.PublicKey.Equals(self))
                wanted[validator.PublicKey] = validator;
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var old = _links;
            context.Status.Track([.. wanted.Values]);
            var links = new Dictionary<PublicKey, Link>();
            foreach (var (key, validator) in wanted)
            {
                if (old.TryGetValue(key, out var kept) && kept.Peer.Peer.NetworkAddress == validator.NetworkAddress)
                {
                    links[key] = kept; // same peer, same address: keep the session and the queues
                    continue;
                }
                context.Status.SetConnected(key, false); // re-dialled: not connected until the new link's handshake
                links[key] = Open(validator);
            }
            foreach (var (key, link) in old)
            {
                if (!links.TryGetValue(key, out var now) || now != link)
                    Close(link);
            }
            sessions.UpdateDirectory(wanted.Keys);
            _links = links;
        }
    }

    public void Start(CancellationToken cancel)
    {
        lock (_gate)
        {
            _stop = cancel;
            foreach (var link in _links.Values)
                Run(link);
        }
    }

    /// <summary>Completes when every link, open or closed, has stopped.</summary>
    public Task StoppedAsync()
    {
        lock (_gate)
            return Task.WhenAll(_running);
    }

    /// <summary>To one validator, or to every linked validator when <paramref name="to"/> is null. A key outside the directory gets nothing.</summary>
    public void Send(PublicKey? to, SignedMessage message)
    {
        var links = _links;
        if (to is not null)
        {
            if (links.TryGetValue(to, out var one))
                one.Peer.Enqueue(message);
            return;
        }
        foreach (var link in links.Values)
            link.Peer.Enqueue(message);
    }

    public void Gossip(SignedTx tx)
    {
        foreach (var link in _links.Values)
            link.Peer.Enqueue(tx);
    }

    public Task<FetchBlocksResponse> FetchBlocksAsync(PublicKey peer, ulong from, uint max, CancellationToken cancel) =>
        _links.TryGetValue(peer, out var link)
            ? link.Peer.FetchBlocksAsync(from, max, cancel)
            : throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{context.Status.Describe(peer)} is not in this node's peer directory"));

    private Link Open(Validator validator)
    {
        var link = new Link(new PeerLink(validator, context), new CancellationTokenSource());
        if (_stop is not null)
            Run(link);
        return link;
    }

    private void Run(Link link)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop!.Value, link.Stop.Token);
        var task = Task.Run(() => link.Peer.RunAsync(stop.Token), CancellationToken.None);
        link.Running = task.ContinueWith(_ => stop.Dispose(), TaskScheduler.Default);
        _running.RemoveAll(t => t.IsCompleted);
        _running.Add(link.Running);
    }

    // The link stops on its own thread; it is disposed once it has (a fetch still in flight on it fails as Unavailable).
    private static void Close(Link link)
    {
        link.Stop.Cancel();
        if (link.Running is { } running)
            running.ContinueWith(_ => link.Dispose(), TaskScheduler.Default);
        else
            link.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var link in _links.Values)
                link.Dispose();
            _links = [];
        }
    }

    private sealed class Link(PeerLink peer, CancellationTokenSource stop) : IDisposable
    {
        public PeerLink Peer { get; } = peer;

        public CancellationTokenSource Stop { get; } = stop;

        public Task? Running { get; set; }

        public void Dispose()
        {
            Peer.Dispose();
            Stop.Dispose();
        }
    }
}
