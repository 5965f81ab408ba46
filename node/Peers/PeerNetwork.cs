using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Protos;
using ChainNode.Node.Peers.Protos;
using ChainNode.Rpc.Transport;

namespace ChainNode.Node.Peers;

/// <summary>One <see cref="PeerLink"/> per other validator in genesis; routes sends and gossip to them.</summary>
public sealed class PeerNetwork : IDisposable
{
    private readonly PeerLink?[] _links;
    private readonly List<Task> _running = [];

    public PeerNetwork(GenesisConfig genesis, PeerLinkContext context)
    {
        Status = context.Status;
        _links = genesis.Validators.Validators.Select(v => v.Index == context.Self ? null : new PeerLink(v, context)).ToArray();
    }

    public PeerStatusBoard Status { get; }

    public void Start(CancellationToken cancel)
    {
        foreach (var link in _links)
        {
            if (link is not null)
                _running.Add(Task.Run(() => link.RunAsync(cancel), CancellationToken.None));
        }
    }

    public Task StoppedAsync() => Task.WhenAll(_running);

    /// <summary>To one validator, or to every other validator when <paramref name="to"/> is null.</summary>
    public void Send(int? to, SignedMessage message)
    {
        if (to is { } one)
        {
            _links[one]?.Enqueue(message);
            return;
        }
        foreach (var link in _links)
            link?.Enqueue(message);
    }

    public void Gossip(SignedTx tx)
    {
        foreach (var link in _links)
            link?.Enqueue(tx);
    }

    public Task<FetchBlocksResponse> FetchBlocksAsync(int peer, ulong from, uint max, CancellationToken cancel) =>
        _links[peer] is { } link
            ? link.FetchBlocksAsync(from, max, cancel)
            : throw new RpcException(GrpcStatusCode.InvalidArgument, $"validator {peer} is this node");

    public void Dispose()
    {
        foreach (var link in _links)
            link?.Dispose();
    }
}
