using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;
using ChainNode.Node.Consensus;
using ChainNode.Node.Mempool;
using ChainNode.Node.Operations;
using ChainNode.Node.Peers.Protos;
using ChainNode.Node.Tls;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Peers;

/// <summary>
/// The server side of the peer protocol. Any key that proves possession in the handshake gets a
/// session: a validator session if the key is in the peer directory (the current and next
/// epoch's validators), otherwise a follower session that may only fetch blocks. Every other
/// call needs a session. Refusals are logged with the reason.
/// </summary>
public sealed class PeerServer(Hash32 genesisHash, PrivateKey key, TlsIdentity tls, PeerSessions sessions,
    PeerStatusBoard status, ConsensusLoop loop, TxPool pool, ChainStore chain, NodeMetrics metrics, ILogger log) : PeerService.PeerServiceBase
{
    private const uint MaxBlocksPerFetch = 256;
    private const int MaxFetchBytes = 16 * 1024 * 1024;

    public override Task<ChallengeResponse> Challenge(ChallengeRequest request, ServerCallContext context) => Task.FromResult(Challenge(request, ChannelOf(context)));

    public override Task<HandshakeResponse> Handshake(HandshakeRequest request, ServerCallContext context) => Task.FromResult(Handshake(request, ChannelOf(context)));

    public override Task<DeliverResponse> Deliver(DeliverRequest request, ServerCallContext context) => DeliverAsync(request, ChannelOf(context), context.CancellationToken);

    public override Task<FetchBlocksResponse> FetchBlocks(FetchBlocksRequest request, ServerCallContext context) => Task.FromResult(FetchBlocks(request, ChannelOf(context)));

    // The peer port requires a client certificate (PeerTls), so every call arrives with one.
    private HandshakeDigest.Channel ChannelOf(ServerCallContext context) =>
        context.GetHttpContext().Connection.ClientCertificate is { } client
            ? new HandshakeDigest.Channel(TlsIdentity.HashOf(client), tls.Hash)
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "peer calls need TLS with a client certificate"));

    private ChallengeResponse Challenge(ChallengeRequest request, HandshakeDigest.Channel channel)
    {
        var claimed = CheckClaimedKey(request.PublicKey, "challenge");
        if (!request.GenesisHash.Span.SequenceEqual(genesisHash.Span))
            throw Refuse(StatusCode.FailedPrecondition, $"the caller claiming {status.Describe(claimed)} is on another chain (genesis {Convert.ToHexStringLower(request.GenesisHash.Span)}, ours {genesisHash})");
        if (request.ClientNonce.Length != 32)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "client_nonce must be 32 bytes"));
        var challenge = sessions.IssueChallenge(claimed);
        var digest = HandshakeDigest.For(HandshakeDigest.Role.Server, genesisHash, claimed, key.PublicKey, request.ClientNonce.Span, channel);
        return new ChallengeResponse
        {
            PublicKey = key.PublicKey.ToByteString(),
            ServerChallenge = ByteString.CopyFrom(challenge),
            Signature = ByteString.CopyFrom(key.Sign(digest)),
        };
    }

    private HandshakeResponse Handshake(HandshakeRequest request, HandshakeDigest.Channel channel)
    {
        var claimed = CheckClaimedKey(request.PublicKey, "handshake");
        var name = status.Describe(claimed);
        if (!sessions.IsOpenChallenge(claimed, request.ServerChallenge.Span))
            throw Refuse(StatusCode.PermissionDenied, $"handshake claiming {name} answered no challenge this node issued (or one that expired or was used)");
        var digest = HandshakeDigest.For(HandshakeDigest.Role.Client, genesisHash, claimed, key.PublicKey, request.ServerChallenge.Span, channel);
        if (request.Signature.Length != Secp256k1.SignatureLength || !claimed.Verify(digest, request.Signature.Span))
            throw Refuse(StatusCode.PermissionDenied, $"a peer claiming to be {name} failed the handshake: its signature does not match that key");
        if (!sessions.UseChallenge(request.ServerChallenge.Span))
            throw Refuse(StatusCode.PermissionDenied, $"handshake claiming {name} answered a challenge that was already used");
        var (token, role) = sessions.Open(claimed, channel.ClientCertificate);
        log.LogInformation("Peer {Peer} authenticated as a {Role}", name, role == PeerRole.Validator ? "validator" : "follower (not a validator of the current epoch: fetching blocks only)");
        return new HandshakeResponse { Session = ByteString.CopyFrom(token), Follower = role == PeerRole.Follower };
    }

    private async Task<DeliverResponse> DeliverAsync(DeliverRequest batch, HandshakeDigest.Channel channel, CancellationToken cancel)
    {
        var peer = Authenticate(batch.Session.Span, PeerCall.Deliver, channel);
        status.Heard(peer.Key, batch.Height);
        foreach (var message in batch.Consensus)
            await loop.EnqueueAsync(peer.Key, message, cancel); // the loop refuses a message whose sender is not this key's validator
        var admitted = 0;
        // Signature checks dominate: spread them over the cores. A nonce admitted ahead of its
        // predecessor waits in the mempool's gap allowance.
        Parallel.ForEach(batch.Txs, tx =>
        {
            try
            {
                pool.Admit(tx);
                Interlocked.Increment(ref admitted);
                metrics.TxAdmitted();
            }
            catch (TxRejectedException e)
            {
                metrics.TxRejected(e.Reason); // gossip of a tx we already hold ends here as a duplicate
            }
        });
        if (admitted > 0)
            loop.NotifyTxs();
        return new DeliverResponse { Height = chain.Height };
    }

    private FetchBlocksResponse FetchBlocks(FetchBlocksRequest request, HandshakeDigest.Channel channel)
    {
        Authenticate(request.Session.Span, PeerCall.FetchBlocks, channel);
        var response = new FetchBlocksResponse { HeadHeight = chain.Height };
        if (request.HeadOnly)
            return response;
        if (request.FromHeight == 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "from_height must be at least 1 (block 0 comes from genesis)"));
        var max = Math.Clamp(request.MaxBlocks, 1, MaxBlocksPerFetch);
        var bytes = 0;
        for (var height = request.FromHeight; height <= chain.Height && response.Blocks.Count < max; height++)
        {
            var block = chain.GetFinalizedBlock(height);
            if (block is null)
                break;
            bytes += block.CalculateSize();
            if (bytes > MaxFetchBytes && response.Blocks.Count > 0)
                break;
            response.Blocks.Add(block);
        }
        return response;
    }

    private PublicKey CheckClaimedKey(ByteString claimed, string step)
    {
        if (claimed.Length != Secp256k1.CompressedPublicKeyLength)
            throw Refuse(StatusCode.InvalidArgument, $"{step} claims no peer: public_key must be a 33-byte compressed secp256k1 key, got {claimed.Length} bytes");
        PublicKey parsed;
        try
        {
            parsed = PublicKey.FromBytes(claimed.Span);
        }
        catch (FormatException e)
        {
            throw Refuse(StatusCode.InvalidArgument, $"{step} claims no peer: {e.Message}");
        }
        if (parsed.Equals(key.PublicKey))
            throw Refuse(StatusCode.PermissionDenied, $"{step} claims this node's own key {parsed.Address}");
        return parsed;
    }

    // Refusals of a known peer's session (a removed validator, a follower delivering) are logged; a missing session is routine.
    private PeerSession Authenticate(ReadOnlySpan<byte> session, PeerCall call, HandshakeDigest.Channel channel)
    {
        try
        {
            return sessions.Authorize(session, call, channel.ClientCertificate);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
        {
            throw Refuse(e.StatusCode, e.Status.Detail);
        }
    }

    private RpcException Refuse(StatusCode code, string reason)
    {
        log.LogWarning("Refused peer: {Reason}", reason);
        return new RpcException(new Status(code, reason));
    }
}
