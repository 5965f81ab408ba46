using System.Net.Security;
using ChainNode.Ledger.Protos;
using ChainNode.Rpc.Transport;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace ChainNode.Rpc.Api;

/// <summary>
/// Typed calls to a validator's public API (public_api.proto) through the generated client, with
/// a deadline on every unary call; for the wallet, tools and tests. Errors are
/// <see cref="RpcException"/>s carrying the node's status and "reason_token: sentence" detail.
/// </summary>
public sealed class PublicApiClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly PublicApiService.PublicApiServiceClient _api;
    private readonly TimeSpan _deadline;

    /// <param name="tls">For an https:// node: which server certificates to trust (null: the system's CAs).</param>
    public PublicApiClient(Uri node, TimeSpan? deadline = null, SslClientAuthenticationOptions? tls = null)
    {
        Node = node;
        _deadline = deadline ?? TimeSpan.FromSeconds(10);
        _channel = GrpcChannels.Create(node, GrpcChannels.PublicMaxMessageBytes, tls, maxResponseBytes: GrpcChannels.PublicMaxResponseBytes);
        _api = new PublicApiService.PublicApiServiceClient(_channel);
    }

    public Uri Node { get; }

    private CallOptions Options(CancellationToken cancel) => new(deadline: DateTime.UtcNow + _deadline, cancellationToken: cancel);

    public Task<SubmitTxResponse> SubmitTxAsync(SignedTx tx, CancellationToken cancel = default) =>
        _api.SubmitTxAsync(new SubmitTxRequest { Tx = tx }, Options(cancel)).ResponseAsync;

    public Task<SubmitTxBatchResponse> SubmitTxBatchAsync(IEnumerable<SignedTx> txs, CancellationToken cancel = default)
    {
        var request = new SubmitTxBatchRequest();
        request.Txs.AddRange(txs);
        return _api.SubmitTxBatchAsync(request, Options(cancel)).ResponseAsync;
    }

    public Task<GetTxResponse> GetTxAsync(ReadOnlyMemory<byte> txHash, CancellationToken cancel = default) =>
        _api.GetTxAsync(new GetTxRequest { TxHash = ByteString.CopyFrom(txHash.Span) }, Options(cancel)).ResponseAsync;

    public Task<GetBlockResponse> GetBlockAsync(ulong height, CancellationToken cancel = default) =>
        GetBlockAsync(new GetBlockRequest { Height = height }, cancel);

    public Task<GetBlockResponse> GetBlockAsync(GetBlockRequest request, CancellationToken cancel = default) =>
        _api.GetBlockAsync(request, Options(cancel)).ResponseAsync;

    public Task<GetAccountResponse> GetAccountAsync(ReadOnlyMemory<byte> address, CancellationToken cancel = default) =>
        _api.GetAccountAsync(new GetAccountRequest { Address = ByteString.CopyFrom(address.Span) }, Options(cancel)).ResponseAsync;

    public Task<GetStatusResponse> GetStatusAsync(CancellationToken cancel = default) =>
        _api.GetStatusAsync(new GetStatusRequest(), Options(cancel)).ResponseAsync;

    public Task<QueryContractResponse> QueryContractAsync(QueryContractRequest request, CancellationToken cancel = default) =>
        _api.QueryContractAsync(request, Options(cancel)).ResponseAsync;

    /// <summary>The validator set in force at <paramref name="height"/> (0: the head), and the next epoch if one is known.</summary>
    public Task<GetValidatorsResponse> GetValidatorsAsync(ulong height = 0, CancellationToken cancel = default) =>
        _api.GetValidatorsAsync(new GetValidatorsRequest { Height = height }, Options(cancel)).ResponseAsync;

    public Task<GetMembersResponse> GetMembersAsync(CancellationToken cancel = default) =>
        _api.GetMembersAsync(new GetMembersRequest(), Options(cancel)).ResponseAsync;

    public Task<ListProposalsResponse> ListProposalsAsync(bool includeClosed = false, CancellationToken cancel = default) =>
        _api.ListProposalsAsync(new ListProposalsRequest { IncludeClosed = includeClosed }, Options(cancel)).ResponseAsync;

    public Task<GetProposalResponse> GetProposalAsync(ReadOnlyMemory<byte> id, CancellationToken cancel = default) =>
        _api.GetProposalAsync(new GetProposalRequest { Id = ByteString.CopyFrom(id.Span) }, Options(cancel)).ResponseAsync;

    /// <summary>Committed blocks from <paramref name="fromHeight"/> (0: the next one) as they commit; no deadline.</summary>
    public async IAsyncEnumerable<SubscribeBlocksResponse> SubscribeBlocksAsync(ulong fromHeight, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel = default)
    {
        using var call = _api.SubscribeBlocks(new SubscribeBlocksRequest { FromHeight = fromHeight }, cancellationToken: cancel);
        await foreach (var block in call.ResponseStream.ReadAllAsync(cancel))
            yield return block;
    }

    public void Dispose() => _channel.Dispose();
}
