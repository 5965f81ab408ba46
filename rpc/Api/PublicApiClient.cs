using ChainNode.Ledger.Protos;
using ChainNode.Rpc.Transport;
using Google.Protobuf;

namespace ChainNode.Rpc.Api;

/// <summary>Typed calls to a validator's public API (public_api.proto), for the wallet, tools and tests.</summary>
public sealed class PublicApiClient(Uri node, TimeSpan? deadline = null) : IDisposable
{
    private const string Service = "/chainnode.api.PublicApi/";
    private readonly GrpcClient _grpc = new(node);
    private readonly TimeSpan _deadline = deadline ?? TimeSpan.FromSeconds(10);

    public Uri Node { get; } = node;

    public Task<SubmitTxResponse> SubmitTxAsync(SignedTx tx, CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "SubmitTx", new SubmitTxRequest { Tx = tx }, SubmitTxResponse.Parser, _deadline, cancel);

    public Task<SubmitTxBatchResponse> SubmitTxBatchAsync(IEnumerable<SignedTx> txs, CancellationToken cancel = default)
    {
        var request = new SubmitTxBatchRequest();
        request.Txs.AddRange(txs);
        return _grpc.UnaryAsync(Service + "SubmitTxBatch", request, SubmitTxBatchResponse.Parser, _deadline, cancel);
    }

    public Task<GetTxResponse> GetTxAsync(ReadOnlyMemory<byte> txHash, CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "GetTx", new GetTxRequest { TxHash = ByteString.CopyFrom(txHash.Span) }, GetTxResponse.Parser, _deadline, cancel);

    public Task<GetBlockResponse> GetBlockAsync(ulong height, CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "GetBlock", new GetBlockRequest { Height = height }, GetBlockResponse.Parser, _deadline, cancel);

    public Task<GetBlockResponse> GetBlockAsync(GetBlockRequest request, CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "GetBlock", request, GetBlockResponse.Parser, _deadline, cancel);

    public Task<GetAccountResponse> GetAccountAsync(ReadOnlyMemory<byte> address, CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "GetAccount", new GetAccountRequest { Address = ByteString.CopyFrom(address.Span) }, GetAccountResponse.Parser, _deadline, cancel);

    public Task<GetStatusResponse> GetStatusAsync(CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "GetStatus", new GetStatusRequest(), GetStatusResponse.Parser, _deadline, cancel);

    public Task<QueryContractResponse> QueryContractAsync(QueryContractRequest request, CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "QueryContract", request, QueryContractResponse.Parser, _deadline, cancel);

    /// <summary>The validator set in force at <paramref name="height"/> (0: the head), and the next epoch if one is known.</summary>
    public Task<GetValidatorsResponse> GetValidatorsAsync(ulong height = 0, CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "GetValidators", new GetValidatorsRequest { Height = height }, GetValidatorsResponse.Parser, _deadline, cancel);

    public Task<GetMembersResponse> GetMembersAsync(CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "GetMembers", new GetMembersRequest(), GetMembersResponse.Parser, _deadline, cancel);

    public Task<ListProposalsResponse> ListProposalsAsync(bool includeClosed = false, CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "ListProposals", new ListProposalsRequest { IncludeClosed = includeClosed }, ListProposalsResponse.Parser, _deadline, cancel);

    public Task<GetProposalResponse> GetProposalAsync(ReadOnlyMemory<byte> id, CancellationToken cancel = default) =>
        _grpc.UnaryAsync(Service + "GetProposal", new GetProposalRequest { Id = ByteString.CopyFrom(id.Span) }, GetProposalResponse.Parser, _deadline, cancel);

    /// <summary>Committed blocks from <paramref name="fromHeight"/> (0: the next one) as they commit; no deadline.</summary>
    public IAsyncEnumerable<BlockEvent> SubscribeBlocksAsync(ulong fromHeight, CancellationToken cancel = default) =>
        _grpc.ServerStreamingAsync(Service + "SubscribeBlocks", new SubscribeBlocksRequest { FromHeight = fromHeight }, BlockEvent.Parser, null, cancel);

    public void Dispose() => _grpc.Dispose();
}
