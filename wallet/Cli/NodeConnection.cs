using ChainNode.Rpc.Api;
using ChainNode.Rpc.Transport;

namespace ChainNode.Wallet.Cli;

/// <summary>The public API client, turning every gRPC error into a one-line message and an exit code.</summary>
public sealed class NodeConnection(Uri node) : IDisposable
{
    private readonly PublicApiClient _client = new(node, TimeSpan.FromSeconds(15));

    public Uri Node { get; } = node;

    public async Task<T> CallAsync<T>(Func<PublicApiClient, Task<T>> call)
    {
        try
        {
            return await call(_client);
        }
        catch (RpcException e)
        {
            throw Explain(e);
        }
    }

    private WalletException Explain(RpcException e) => e.Status switch
    {
        GrpcStatusCode.Unavailable => new WalletException(ExitCodes.Unreachable, $"node unreachable at {Node}: {e.Detail}"),
        GrpcStatusCode.DeadlineExceeded => new WalletException(ExitCodes.Unreachable, $"node at {Node} did not answer in time"),
        GrpcStatusCode.Internal or GrpcStatusCode.Unimplemented or GrpcStatusCode.Unknown => new WalletException(ExitCodes.Unreachable, $"{Node} did not answer as a ChainNode API: {e.Detail}"),
        _ => new WalletException(ExitCodes.Rejected, Humanize(e.Detail)),
    };

    /// <summary>"insufficient_balance: ..." becomes "rejected: insufficient balance: ...".</summary>
    public static string Humanize(string detail)
    {
        var colon = detail.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || detail[..colon].Any(c => c is not ('_' or (>= 'a' and <= 'z'))))
            return detail;
        var reason = detail[..colon].Replace('_', ' ');
        return $"rejected: {reason}: {detail[(colon + 2)..]}";
    }

    public void Dispose() => _client.Dispose();
}
