using ChainNode.Node.Peers.Protos;
using ChainNode.Node.Testing;
using ChainNode.Rpc.Transport;
using Grpc.Core;

namespace ChainNode.Node.Tests.Rpc;

/// <summary>How calls on the channels every node component uses end: callers tell a deadline from their own cancellation.</summary>
[TestClass]
public sealed class GrpcChannelsTests
{
    [TestMethod]
    public async Task A_call_past_its_deadline_fails_with_DEADLINE_EXCEEDED_not_as_a_cancellation()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(new Silent());
        using var channel = GrpcChannels.Create(server.Address, 1 << 20);
        var client = new PeerService.PeerServiceClient(channel);
        var exceeded = await Assert.ThrowsExactlyAsync<RpcException>(() =>
            client.ChallengeAsync(new ChallengeRequest(), deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync);
        Assert.AreEqual(StatusCode.DeadlineExceeded, exceeded.StatusCode);
    }

    [TestMethod]
    public async Task A_call_its_caller_cancels_fails_with_CANCELLED()
    {
        await using var server = await LoopbackGrpcServer.StartAsync(new Silent());
        using var channel = GrpcChannels.Create(server.Address, 1 << 20);
        var client = new PeerService.PeerServiceClient(channel);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var cancelled = await Assert.ThrowsExactlyAsync<RpcException>(() => client.ChallengeAsync(new ChallengeRequest(), cancellationToken: cancel.Token).ResponseAsync);
        Assert.AreEqual(StatusCode.Cancelled, cancelled.StatusCode);
    }

    /// <summary>Never answers: a call ends only by its deadline or its caller.</summary>
    private sealed class Silent : PeerService.PeerServiceBase
    {
        public override async Task<ChallengeResponse> Challenge(ChallengeRequest request, ServerCallContext context)
        {
            var never = new TaskCompletionSource<ChallengeResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var ended = context.CancellationToken.Register(() => never.TrySetCanceled(context.CancellationToken));
            return await never.Task;
        }
    }
}
