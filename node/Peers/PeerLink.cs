using System.Security.Cryptography;
using System.Threading.Channels;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Node.Operations;
using ChainNode.Node.Peers.Protos;
using ChainNode.Node.Tls;
using ChainNode.Rpc.Transport;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Peers;

/// <summary>
/// The outbound side towards one validator: its own bounded queues (a full queue drops new
/// messages and counts them, so one slow or dead peer never stalls the others), a handshake
/// proving both keys, batched delivery, heartbeats, and reconnection with backoff. When the
/// peer answers that this node is only a follower (its key is in none of the peer's current
/// sets), the link delivers nothing and instead asks for the peer's head height every
/// heartbeat, so catch-up knows how far to fetch.
/// </summary>
public sealed class PeerLink : IDisposable
{
    private const int MaxMessagesPerBatch = 1024;
    private const int MaxTxsPerBatch = 4096;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    // Between heartbeats a link may carry nothing (a follower only probes): pings keep NATs open and find a dead peer.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private readonly Validator _peer;
    private readonly PeerLinkContext _context;
    private readonly GrpcChannel _channel;
    private readonly PeerService.PeerServiceClient _client;
    private readonly Channel<SignedMessage> _consensus;
    private readonly Channel<SignedTx> _txs;
    private readonly SemaphoreSlim _handshake = new(1, 1);
    private readonly CertificatePin _pin = new();
    private byte[]? _session;
    private bool _follower;
    private int _disposed;

    public PeerLink(Validator peer, PeerLinkContext context)
    {
        _peer = peer;
        _context = context;
        _channel = GrpcChannels.Create(new Uri($"https://{peer.NetworkAddress}"), context.MaxMessageBytes, PeerTls.Client(context.Tls, _pin), KeepAlive);
        _client = new PeerService.PeerServiceClient(_channel);
        _consensus = Channel.CreateBounded<SignedMessage>(new BoundedChannelOptions(context.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => context.Metrics.PeerMessageDropped());
        _txs = Channel.CreateBounded<SignedTx>(new BoundedChannelOptions(context.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => context.Metrics.PeerMessageDropped());
    }

    public Validator Peer => _peer;

    public void Enqueue(SignedMessage message) => _consensus.Writer.TryWrite(message);

    public void Enqueue(SignedTx tx) => _txs.Writer.TryWrite(tx);

    public async Task RunAsync(CancellationToken cancel)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        var wasConnected = true; // so the first failure is reported once
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                var session = await SessionAsync(cancel);
                if (!wasConnected)
                    _context.Log.LogInformation("Connected to {Peer} at {Address}{Role}", _peer.Name, _peer.NetworkAddress, _follower ? " as a follower (fetching blocks only)" : "");
                wasConnected = true;
                backoff = TimeSpan.FromMilliseconds(100);
                if (_follower)
                    await ProbeHeadAsync(session, cancel);
                else
                    await PumpAsync(session, cancel);
            }
            catch (RpcException e) when (!cancel.IsCancellationRequested)
            {
                _session = null;
                _pin.Unpin(); // the next handshake signs whatever certificate the peer shows then
                _context.Status.SetConnected(_peer.PublicKey, false);
                if (wasConnected)
                    _context.Log.LogWarning("No connection to {Peer} at {Address}: {Status} {Reason}; retrying with backoff", _peer.Name, _peer.NetworkAddress, e.StatusCode, e.Cause());
                wasConnected = false;
                try
                {
                    await Task.Delay(backoff, _context.Clock, cancel);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException && cancel.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public async Task<FetchBlocksResponse> FetchBlocksAsync(ulong from, uint max, CancellationToken cancel)
    {
        try
        {
            var session = await SessionAsync(cancel);
            return await _client.FetchBlocksAsync(new FetchBlocksRequest { Session = ByteString.CopyFrom(session), FromHeight = from, MaxBlocks = max }, deadline: DateTime.UtcNow + TimeSpan.FromSeconds(30), cancellationToken: cancel).ResponseAsync;
        }
        catch (ObjectDisposedException) when (Volatile.Read(ref _disposed) == 1)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the link to {_peer.Name} closed: it left the peer directory or its address changed"));
        }
    }

    // A follower may not deliver: it keeps hearing the peer's height through head-only fetches.
    private async Task ProbeHeadAsync(byte[] session, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            var head = await _client.FetchBlocksAsync(new FetchBlocksRequest { Session = ByteString.CopyFrom(session), FromHeight = 1, HeadOnly = true }, deadline: DateTime.UtcNow + CallDeadline, cancellationToken: cancel).ResponseAsync;
            _context.Status.Heard(_peer.PublicKey, head.HeadHeight);
            _context.Status.SetConnected(_peer.PublicKey, true);
            await Task.Delay(Heartbeat, _context.Clock, cancel);
        }
    }

    // Consensus messages and tx gossip travel in separate calls, so a large tx batch the peer is
    // still verifying never holds up a vote.
    private async Task PumpAsync(byte[] session, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var consensus = PumpConsensusAsync(session, stop.Token);
        var gossip = PumpTxsAsync(session, stop.Token);
        var first = await Task.WhenAny(consensus, gossip);
        await stop.CancelAsync();
        foreach (var pump in new[] { consensus, gossip })
        {
            try
            {
                await pump;
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException)
            {
            }
        }
        await first; // the failure that ended the session, if any
    }

    private async Task PumpConsensusAsync(byte[] session, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            await WaitForWorkAsync(_consensus.Reader, Heartbeat, cancel);
            var batch = new DeliverRequest { Session = ByteString.CopyFrom(session), Height = _context.Height() };
            while (batch.Consensus.Count < MaxMessagesPerBatch && _consensus.Reader.TryRead(out var message))
                batch.Consensus.Add(message);
            await DeliverAsync(batch, cancel);
        }
    }

    private async Task PumpTxsAsync(byte[] session, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            await WaitForWorkAsync(_txs.Reader, Timeout.InfiniteTimeSpan, cancel);
            var batch = new DeliverRequest { Session = ByteString.CopyFrom(session), Height = _context.Height() };
            while (batch.Txs.Count < MaxTxsPerBatch && _txs.Reader.TryRead(out var tx))
                batch.Txs.Add(tx);
            await DeliverAsync(batch, cancel);
        }
    }

    private async Task DeliverAsync(DeliverRequest batch, CancellationToken cancel)
    {
        try
        {
            var ack = await _client.DeliverAsync(batch, deadline: DateTime.UtcNow + CallDeadline, cancellationToken: cancel).ResponseAsync;
            if (batch.Txs.Count > 0)
                _context.Metrics.PeerTxBatchSent(batch.Txs.Count);
            else
                _context.Metrics.PeerConsensusBatchSent();
            _context.Status.Heard(_peer.PublicKey, ack.Height);
            _context.Status.SetConnected(_peer.PublicKey, true);
        }
        catch (RpcException)
        {
            for (var i = 0; i < batch.Consensus.Count + batch.Txs.Count; i++)
                _context.Metrics.PeerMessageDropped();
            throw;
        }
    }

    // Returns when something is queued, or after the heartbeat interval so the peer keeps hearing our height.
    private static async Task WaitForWorkAsync<T>(ChannelReader<T> reader, TimeSpan heartbeat, CancellationToken cancel)
    {
        if (reader.TryPeek(out _))
            return;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (heartbeat != Timeout.InfiniteTimeSpan)
            wait.CancelAfter(heartbeat);
        try
        {
            await reader.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
        }
        cancel.ThrowIfCancellationRequested();
    }

    private async Task<byte[]> SessionAsync(CancellationToken cancel)
    {
        if (_session is { } existing)
            return existing;
        await _handshake.WaitAsync(cancel);
        try
        {
            return _session ??= await HandshakeAsync(cancel);
        }
        finally
        {
            _handshake.Release();
        }
    }

    // Challenge-response both ways: the server signs our nonce, we sign its challenge.
    private async Task<byte[]> HandshakeAsync(CancellationToken cancel)
    {
        var self = _context.Key.PublicKey;
        var nonce = RandomNumberGenerator.GetBytes(32);
        var challenge = await _client.ChallengeAsync(new ChallengeRequest { PublicKey = self.ToByteString(), GenesisHash = _context.GenesisHash.ToByteString(), ClientNonce = ByteString.CopyFrom(nonce) }, deadline: DateTime.UtcNow + CallDeadline, cancellationToken: cancel).ResponseAsync;
        var channel = new HandshakeDigest.Channel(_context.Tls.Hash,
            _pin.LastSeen ?? throw new RpcException(new Status(StatusCode.Unavailable, $"the connection to {_peer.NetworkAddress} showed no TLS certificate")));
        var serverDigest = HandshakeDigest.For(HandshakeDigest.Role.Server, _context.GenesisHash, self, _peer.PublicKey, nonce, channel);
        if (!challenge.PublicKey.Span.SequenceEqual(_peer.PublicKey.Span) || !_peer.PublicKey.Verify(serverDigest, challenge.Signature.Span))
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"the node at {_peer.NetworkAddress} could not prove it holds {_peer.Name}'s key over this TLS connection"));
        var clientDigest = HandshakeDigest.For(HandshakeDigest.Role.Client, _context.GenesisHash, self, _peer.PublicKey, challenge.ServerChallenge.Span, channel);
        var response = await _client.HandshakeAsync(new HandshakeRequest { PublicKey = self.ToByteString(), ServerChallenge = challenge.ServerChallenge, Signature = ByteString.CopyFrom(_context.Key.Sign(clientDigest)) }, deadline: DateTime.UtcNow + CallDeadline, cancellationToken: cancel).ResponseAsync;
        _pin.Pin(channel.ServerCertificate);
        _follower = response.Follower;
        _context.Status.SetConnected(_peer.PublicKey, true);
        return response.Session.ToByteArray();
    }


    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _channel.Dispose();
        _handshake.Dispose();
    }
}

/// <summary>What every link shares: our key and chain, limits, and where to report.</summary>
public sealed record PeerLinkContext(PrivateKey Key, TlsIdentity Tls, Hash32 GenesisHash, int QueueCapacity, int MaxMessageBytes,
    PeerStatusBoard Status, NodeMetrics Metrics, ILogger Log, TimeProvider Clock, Func<ulong> Height);
