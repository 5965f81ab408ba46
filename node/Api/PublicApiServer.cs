using ChainNode.Contracts.Host;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Contracts;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Node.Consensus;
using ChainNode.Node.Hosting;
using ChainNode.Node.Mempool;
using ChainNode.Node.Operations;
using ChainNode.Node.Peers;
using ChainNode.Rpc.Api;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace ChainNode.Node.Api;

/// <summary>
/// The public gRPC API (proto/chainnode/api/v1/public_api.proto): submit, query and subscribe,
/// served by Grpc.AspNetCore on the public port. The governance reads live in <see cref="GovernanceQueries"/>.
/// </summary>
public sealed class PublicApiServer(NodeIdentity node, ChainStore chain, TxPool pool, ConsensusLoop loop, PeerNetwork peers,
    BlockFeed feed, NodeMetrics metrics, ContractRuntime contracts, ClientRateLimiter submitLimit, StreamCounter streams, ConcurrencyGate queries, ConcurrencyGate subscribers,
    GovernanceQueries governance) : PublicApiService.PublicApiServiceBase
{
    public override Task<SubmitTxResponse> SubmitTx(SubmitTxRequest request, ServerCallContext context) => Task.FromResult(SubmitTx(request, context.GetHttpContext()));

    public override Task<SubmitTxBatchResponse> SubmitTxBatch(SubmitTxBatchRequest request, ServerCallContext context) => Task.FromResult(SubmitTxBatch(request, context.GetHttpContext()));

    public override Task<GetTxResponse> GetTx(GetTxRequest request, ServerCallContext context) => Task.FromResult(GetTx(request));

    public override Task<GetBlockResponse> GetBlock(GetBlockRequest request, ServerCallContext context) => Task.FromResult(GetBlock(request));

    public override Task<GetAccountResponse> GetAccount(GetAccountRequest request, ServerCallContext context) => Task.FromResult(GetAccount(request));

    public override Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context) => Task.FromResult(GetStatus());

    public override Task<QueryContractResponse> QueryContract(QueryContractRequest request, ServerCallContext context) => Task.FromResult(QueryContract(request, context.GetHttpContext()));

    public override Task SubscribeBlocks(SubscribeBlocksRequest request, IServerStreamWriter<SubscribeBlocksResponse> responseStream, ServerCallContext context) =>
        SubscribeBlocksAsync(request, responseStream.WriteAsync, context.GetHttpContext(), context.CancellationToken);

    public override Task<GetValidatorsResponse> GetValidators(GetValidatorsRequest request, ServerCallContext context) => Task.FromResult(governance.GetValidators(request));

    public override Task<GetMembersResponse> GetMembers(GetMembersRequest request, ServerCallContext context) => Task.FromResult(governance.GetMembers());

    public override Task<ListProposalsResponse> ListProposals(ListProposalsRequest request, ServerCallContext context) => Task.FromResult(governance.ListProposals(request));

    public override Task<GetProposalResponse> GetProposal(GetProposalRequest request, ServerCallContext context) => Task.FromResult(governance.GetProposal(request));

    private SubmitTxResponse SubmitTx(SubmitTxRequest request, HttpContext http)
    {
        if (request.Tx is null)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "malformed: the request carries no tx"));
        var result = Admit(request.Tx, http);
        if (result.Code != 0)
            throw new RpcException(new Status((StatusCode)result.Code, result.Message));
        peers.Gossip(request.Tx);
        loop.NotifyTxs();
        return new SubmitTxResponse { TxHash = result.TxHash, Status = "accepted" };
    }

    private const int MaxBatch = 1000;

    private SubmitTxBatchResponse SubmitTxBatch(SubmitTxBatchRequest request, HttpContext http)
    {
        if (request.Txs.Count > MaxBatch)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"too_large: a batch holds at most {MaxBatch} txs, got {request.Txs.Count}"));
        var results = new SubmitTxResult[request.Txs.Count];
        if (pool.FullForClients() is { } full)
        {
            // Under overload, refusing a whole batch at once leaves the cores to consensus.
            for (var i = 0; i < results.Length; i++)
                results[i] = Refused(new SubmitTxResult { TxHash = TransactionCodec.HashOf(request.Txs[i]).ToByteString() }, RejectReason.MempoolFull, full);
            return new SubmitTxBatchResponse { Results = { results } };
        }
        // Signature checks dominate admission: spread them over the cores.
        Parallel.For(0, request.Txs.Count, i => results[i] = Admit(request.Txs[i], http));
        var response = new SubmitTxBatchResponse();
        response.Results.AddRange(results);
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Code == 0)
                peers.Gossip(request.Txs[i]);
        }
        loop.NotifyTxs();
        return response;
    }

    // One tx from a client: the per-client rate, then the mempool. Code 0 means admitted; any
    // other code is the gRPC status, with a "reason_token: sentence" message.
    private SubmitTxResult Admit(SignedTx tx, HttpContext http)
    {
        var hash = TransactionCodec.HashOf(tx);
        var result = new SubmitTxResult { TxHash = hash.ToByteString() };
        if (!submitLimit.TryTake(http.Connection.RemoteIpAddress))
        {
            return Refused(result, RejectReason.RateLimited,
                $"more txs per second from {http.Connection.RemoteIpAddress} than this node accepts from one client; slow down and retry");
        }
        try
        {
            pool.Admit(tx, hash, local: true);
            metrics.TxAdmitted();
        }
        catch (TxRejectedException e)
        {
            return Refused(result, e.Reason, e.Message);
        }
        return result;
    }

    private SubmitTxResult Refused(SubmitTxResult result, RejectReason reason, string message)
    {
        metrics.TxRejected(reason);
        (result.Code, result.Message) = ((uint)StatusFor(reason), $"{RejectReasons.Token(reason)}: {message}");
        return result;
    }

    public static StatusCode StatusFor(RejectReason reason) => reason switch
    {
        RejectReason.NotMember or RejectReason.NotAdmin => StatusCode.PermissionDenied,
        RejectReason.NonceTooLow or RejectReason.NonceTooHigh or RejectReason.NonceTaken
            or RejectReason.InsufficientBalance or RejectReason.GasLimitTooLow => StatusCode.FailedPrecondition,
        RejectReason.Duplicate => StatusCode.AlreadyExists,
        RejectReason.MempoolFull or RejectReason.RateLimited => StatusCode.ResourceExhausted,
        _ => StatusCode.InvalidArgument,
    };

    private GetTxResponse GetTx(GetTxRequest request)
    {
        var hash = RequireHash(request.TxHash, "tx_hash");
        if (chain.GetTxLocation(hash) is { } location && chain.GetFinalizedBlock(location.Height) is { } finalized)
        {
            var tx = finalized.Block.Transactions[(int)location.Index];
            var receipt = chain.State.ReadReceipt(hash);
            return new GetTxResponse
            {
                Status = receipt?.Status == ReceiptStatus.Failed ? TxStatus.Failed : TxStatus.Committed,
                Tx = tx,
                BlockHeight = location.Height,
                BlockHash = Hash32.Compute(finalized.Block.Header.Span).ToByteString(),
                Receipt = receipt,
                Sender = SenderOf(tx),
            };
        }
        if (pool.Get(hash) is { } pending)
            return new GetTxResponse { Status = TxStatus.Pending, Tx = pending.Tx.Tx, Sender = pending.Tx.SenderAddress.ToByteString() };
        throw new RpcException(new Status(StatusCode.NotFound, $"tx {hash} is not known to this node: neither pending nor committed"));
    }

    private GetBlockResponse GetBlock(GetBlockRequest request)
    {
        ulong height;
        if (request.Latest)
            height = chain.Height;
        else if (request.SelectorCase == GetBlockRequest.SelectorOneofCase.Hash)
            height = chain.GetHeight(RequireHash(request.Hash, "hash")) ?? throw new RpcException(new Status(StatusCode.NotFound, $"no block with hash {Convert.ToHexStringLower(request.Hash.Span)}"));
        else
            height = request.Height;
        var finalized = chain.GetFinalizedBlock(height)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no block at height {height}; the head is at {chain.Height}"));
        var block = DecodedBlock.From(finalized.Block);
        return new GetBlockResponse { Block = finalized, Header = block.Header, BlockHash = block.Hash.ToByteString() };
    }

    private GetAccountResponse GetAccount(GetAccountRequest request)
    {
        if (request.Address.Length != Address.Length)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"address must be {Address.Length} bytes, got {request.Address.Length}"));
        var address = new Address(request.Address.Span);
        var height = chain.Height;
        var account = chain.State.GetAccount(address) ?? new Account();
        return new GetAccountResponse
        {
            Address = request.Address,
            Balance = account.Balance,
            Nonce = account.Nonce,
            CodeHash = account.CodeHash,
            Member = chain.State.IsMember(address),
            PendingNonce = pool.PendingNonce(address, account.Nonce),
            Height = height,
        };
    }

    private GetStatusResponse GetStatus()
    {
        var snapshot = loop.Snapshot;
        var head = chain.HeadBlock;
        var response = new GetStatusResponse
        {
            ChainId = node.Genesis.ChainId,
            NodeName = node.Name,
            ValidatorIndex = (uint)(snapshot.Epoch.IndexOf(node.Key) ?? -1), // all ones: no vote in the current epoch
            Height = head.Height,
            HeadHash = head.Hash.ToByteString(),
            HeadTimestampMs = head.Header.TimestampMs,
            View = snapshot.View,
            Primary = (uint)snapshot.Primary,
            ViewActive = snapshot.ViewActive,
            MempoolSize = (uint)pool.Count,
            GenesisHash = node.GenesisHash.ToByteString(),
            ValidatorCount = (uint)snapshot.Epoch.Validators.Count,
        };
        foreach (var peer in peers.Status.Reports())
        {
            response.Peers.Add(new PeerStatus
            {
                ValidatorIndex = (uint)peer.Validator.Index, // its index in the set the directory was given
                Name = peer.Validator.Name,
                Address = peer.Validator.NetworkAddress,
                Connected = peer.Connected,
                LastSeenUnixMs = peer.LastSeenMs,
                Height = peer.Height,
            });
        }
        return response;
    }

    // A query may run up to the query gas cap on a request thread: how many run at once is
    // bounded in total and per client, so queries cannot take the cores from consensus.
    private QueryContractResponse QueryContract(QueryContractRequest request, HttpContext http)
    {
        using var slot = queries.TryEnter(http.Connection.RemoteIpAddress, out var refusal);
        if (slot is null)
        {
            metrics.Connections.QueryRefused(ConcurrencyGate.Token(refusal));
            throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal == ConcurrencyGate.Refusal.Total
                ? $"rate_limited: all {queries.Budget.MaxConnections} contract query slots of this node are in use; retry later"
                : $"rate_limited: {queries.Budget.MaxPerAddress} contract queries from {http.Connection.RemoteIpAddress} are already running; wait for them before sending more"));
        }
        if (request.Contract.Length != Address.Length)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"contract must be {Address.Length} bytes, got {request.Contract.Length}"));
        if (request.Caller.Length is not (0 or Address.Length))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"caller must be empty or {Address.Length} bytes, got {request.Caller.Length}"));
        if (request.Input.Length > TransactionCodec.MaxEncodedSize)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"input is over {TransactionCodec.MaxEncodedSize} bytes"));
        var head = chain.HeadBlock;
        var state = chain.State;
        var contract = new Address(request.Contract.Span);
        if (state.Get(ContractKeys.Code(contract.Span)) is null)
            throw new RpcException(new Status(StatusCode.NotFound, $"no contract at {contract}"));
        var caller = request.Caller.Length == 0 ? default : new Address(request.Caller.Span);
        var result = contracts.Query(state, BlockExecutor.ContextOf(head.Header, state), contract, caller, request.Input.ToByteArray());
        return new QueryContractResponse
        {
            Success = result.Success,
            ReturnData = ByteString.CopyFrom(result.ReturnData),
            Error = result.Error,
            GasUsed = result.GasUsed,
            Height = head.Height,
        };
    }

    private async Task SubscribeBlocksAsync(SubscribeBlocksRequest request, Func<SubscribeBlocksResponse, Task> send, HttpContext http, CancellationToken cancel)
    {
        using var slot = streams.TryOpen(http.Connection.Id)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, $"too_many_streams: this connection already has {streams.Max} open subscriptions"));
        // Each subscription holds a feed channel: bounded per node and per client address too, not only per connection.
        using var subscription = subscribers.TryEnter(http.Connection.RemoteIpAddress, out var refusal)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, refusal == ConcurrencyGate.Refusal.Total
                ? $"too_many_streams: all {subscribers.Budget.MaxConnections} block subscriptions of this node are taken; retry later"
                : $"too_many_streams: {subscribers.Budget.MaxPerAddress} block subscriptions from {http.Connection.RemoteIpAddress} are open already"));
        var live = feed.Subscribe(); // before the backfill, so no block falls between the two
        try
        {
            var next = request.FromHeight == 0 ? chain.Height + 1 : request.FromHeight;
            for (; next <= chain.Height; next++)
            {
                var finalized = chain.GetFinalizedBlock(next)!;
                var block = DecodedBlock.From(finalized.Block);
                await send(BlockFeed.EventFor(block, finalized.Certificate));
            }
            try
            {
                await foreach (var item in live.ReadAllAsync(cancel))
                {
                    if (item.Height >= next)
                    {
                        await send(item);
                        next = item.Height + 1;
                    }
                }
            }
            catch (SubscriberTooSlowException e)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, e.Message));
            }
        }
        finally
        {
            feed.Unsubscribe(live);
        }
    }

    private static Hash32 RequireHash(ByteString bytes, string field) =>
        bytes.Length == Hash32.Length ? new Hash32(bytes.Span) : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} must be {Hash32.Length} bytes, got {bytes.Length}"));

    private static ByteString SenderOf(SignedTx tx)
    {
        var body = TxBody.Parser.ParseFrom(tx.Body.Span);
        return Address.FromPublicKey(body.SenderPublicKey.Span).ToByteString();
    }
}

/// <summary>Who this node is: its name, validator index and chain.</summary>
/// <summary>Who this node is: its name and validator key (its index, if any, depends on the epoch).</summary>
public sealed record NodeIdentity(string Name, Ledger.Crypto.PublicKey Key, GenesisConfig Genesis, Hash32 GenesisHash);
