using ChainNode.Rpc.Api;
using ChainNode.Rpc.Transport;
using Grpc.Core;

namespace ChainNode.Wallet.Cli;

/// <summary>The public API client, turning every gRPC error into a one-line message and an exit code.</summary>
public sealed class NodeConnection(Uri node, NodeTrust trust) : IDisposable
{
    private readonly PublicApiClient _client = new(node, TimeSpan.FromSeconds(15), trust.ClientOptions(node));

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

    private WalletException Explain(RpcException e) => e.StatusCode switch
    {
        _ when trust.Refusal is { } refusal => new WalletException(ExitCodes.Unreachable, $"TLS to {Node} refused: {refusal}"),
        StatusCode.Unavailable => new WalletException(ExitCodes.Unreachable, $"node unreachable at {Node}: {e.Cause()}"),
        StatusCode.DeadlineExceeded => new WalletException(ExitCodes.Unreachable, $"node at {Node} did not answer in time"),
        StatusCode.Internal or StatusCode.Unimplemented or StatusCode.Unknown => new WalletException(ExitCodes.Unreachable, $"{Node} did not answer as a ChainNode API: {e.Status.Detail}"),
        _ => new WalletException(ExitCodes.Rejected, Humanize(e.Status.Detail)),
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
