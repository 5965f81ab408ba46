using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Types;
using ChainNode.Node.Consensus;
using ChainNode.Node.Mempool;
using ChainNode.Node.Operations;
using ChainNode.Node.Peers.Protos;
using ChainNode.Rpc.Transport;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Peers;

/// <summary>
/// The server side of the peer protocol. Only a validator that proved its genesis key in the
/// handshake gets a session; every other call needs one. Refusals are logged with the reason.
/// </summary>
public sealed class PeerService(GenesisConfig genesis, Hash32 genesisHash, int self, PrivateKey key, PeerSessions sessions,
    PeerStatusBoard status, ConsensusLoop loop, TxPool pool, ChainStore chain, NodeMetrics metrics, ILogger log)
{
    private const uint MaxBlocksPerFetch = 256;
    private const int MaxFetchBytes = 16 * 1024 * 1024;

    public void Map(GrpcRouter router)
    {
        router.MapUnary<ChallengeRequest, ChallengeResponse>("/chainnode.peer.Peer/Challenge", ChallengeRequest.Parser, (r, _) => Task.FromResult(Challenge(r)));
        router.MapUnary<HandshakeRequest, HandshakeResponse>("/chainnode.peer.Peer/Handshake", HandshakeRequest.Parser, (r, _) => Task.FromResult(Handshake(r)));
        router.MapUnary<PeerBatch, DeliverAck>("/chainnode.peer.Peer/Deliver", PeerBatch.Parser, DeliverAsync);
        router.MapUnary<FetchBlocksRequest, FetchBlocksResponse>("/chainnode.peer.Peer/FetchBlocks", FetchBlocksRequest.Parser, (r, _) => Task.FromResult(FetchBlocks(r)));
    }

    private ChallengeResponse Challenge(ChallengeRequest request)
    {
        var claimed = CheckClaimedIndex(request.ValidatorIndex, "challenge");
        if (!request.GenesisHash.Span.SequenceEqual(genesisHash.Span))
            throw Refuse(GrpcStatusCode.FailedPrecondition, $"the caller claiming validator {claimed} is on another chain (genesis {Convert.ToHexStringLower(request.GenesisHash.Span)}, ours {genesisHash})");
        if (request.ClientNonce.Length != 32)
            throw new RpcException(GrpcStatusCode.InvalidArgument, "client_nonce must be 32 bytes");
        var challenge = sessions.IssueChallenge(claimed);
        var digest = HandshakeDigest.For(HandshakeDigest.Role.Server, genesisHash, (uint)claimed, (uint)self, request.ClientNonce.Span);
        return new ChallengeResponse
        {
            ValidatorIndex = (uint)self,
            ServerChallenge = ByteString.CopyFrom(challenge),
            Signature = ByteString.CopyFrom(key.Sign(digest)),
        };
    }

    private HandshakeResponse Handshake(HandshakeRequest request)
    {
        var claimed = CheckClaimedIndex(request.ValidatorIndex, "handshake");
        var validator = genesis.Validators[claimed];
        if (!sessions.IsOpenChallenge(claimed, request.ServerChallenge.Span))
            throw Refuse(GrpcStatusCode.PermissionDenied, $"handshake claiming {validator.Name} answered no challenge this node issued (or one that expired or was used)");
        var digest = HandshakeDigest.For(HandshakeDigest.Role.Client, genesisHash, (uint)claimed, (uint)self, request.ServerChallenge.Span);
        if (request.Signature.Length != Secp256k1.SignatureLength || !validator.PublicKey.Verify(digest, request.Signature.Span))
            throw Refuse(GrpcStatusCode.PermissionDenied, $"a peer claiming to be {validator.Name} failed the handshake: its signature does not match that validator's genesis key");
        if (!sessions.UseChallenge(request.ServerChallenge.Span))
            throw Refuse(GrpcStatusCode.PermissionDenied, $"handshake claiming {validator.Name} answered a challenge that was already used");
        log.LogInformation("Peer {Peer} authenticated", validator.Name);
        return new HandshakeResponse { Session = ByteString.CopyFrom(sessions.Open(claimed)) };
    }

    private async Task<DeliverAck> DeliverAsync(PeerBatch batch, CancellationToken cancel)
    {
        var peer = Authenticate(batch.Session.Span);
        status.Heard(peer, batch.Height);
        foreach (var message in batch.Consensus)
        {
            // Peers send only their own messages; anything else is relaying or forgery.
            if (message.Sender != (uint)peer)
            {
                metrics.ConsensusMessageRejected();
                log.LogWarning("Dropped a consensus message from {Peer} that claims sender {Sender}", genesis.Validators[peer].Name, message.Sender);
                continue;
            }
            await loop.EnqueueAsync(peer, message, cancel);
        }
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
        return new DeliverAck { Height = chain.Height };
    }

    private FetchBlocksResponse FetchBlocks(FetchBlocksRequest request)
    {
        Authenticate(request.Session.Span);
        if (request.FromHeight == 0)
            throw new RpcException(GrpcStatusCode.InvalidArgument, "from_height must be at least 1 (block 0 comes from genesis)");
        var response = new FetchBlocksResponse { HeadHeight = chain.Height };
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

    private int CheckClaimedIndex(uint index, string step)
    {
        if (index >= genesis.Validators.Count)
            throw Refuse(GrpcStatusCode.PermissionDenied, $"{step} from an unknown peer: validator index {index} is not in genesis ({genesis.Validators.Count} validators)");
        if (index == self)
            throw Refuse(GrpcStatusCode.PermissionDenied, $"{step} claims this node's own validator index {index}");
        return (int)index;
    }

    private int Authenticate(ReadOnlySpan<byte> session) =>
        sessions.Find(session) ?? throw new RpcException(GrpcStatusCode.Unauthenticated, "no valid peer session: handshake first");

    private RpcException Refuse(GrpcStatusCode code, string reason)
    {
        log.LogWarning("Refused peer: {Reason}", reason);
        return new RpcException(code, reason);
    }
}
