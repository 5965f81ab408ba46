using ChainNode.Ledger.Protos;
using ChainNode.Node.Api;
using ChainNode.Node.Testing;
using ChainNode.Rpc.Api;
using Google.Protobuf;
using Grpc.Core;

namespace ChainNode.Node.Tests.Api;

/// <summary>The public API's limits as the node and PublicApiClient configure them: small requests, block-sized responses.</summary>
[TestClass]
public sealed class PublicApiLimitsTests
{
    [TestMethod]
    public async Task A_response_larger_than_the_request_limit_reaches_the_client_and_a_request_over_it_is_refused()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(new LargeBlocks(), PublicApiLimits.Apply);
        using var client = new PublicApiClient(server.Address);
        var block = await client.GetBlockAsync(1);
        Assert.AreEqual(LargeBlocks.Bytes, block.BlockHash.Length, "a 3 MiB block (maxBlockBytes may be up to 64 MiB) passes both ends");

        var oversized = new SignedTx { Body = ByteString.CopyFrom(new byte[2 * 1024 * 1024]) };
        var refused = await Assert.ThrowsExactlyAsync<RpcException>(() => client.SubmitTxAsync(oversized));
        Assert.AreEqual(StatusCode.ResourceExhausted, refused.StatusCode, refused.Status.Detail);
    }

    private sealed class LargeBlocks : PublicApiService.PublicApiServiceBase
    {
        public const int Bytes = 3 * 1024 * 1024;

        public override Task<GetBlockResponse> GetBlock(GetBlockRequest request, ServerCallContext context) =>
            Task.FromResult(new GetBlockResponse { BlockHash = ByteString.CopyFrom(new byte[Bytes]) });
    }
}
