using Grpc.Core;

namespace ChainNode.Rpc.Transport;

public static class RpcErrors
{
    /// <summary>
    /// Why a call failed, in one line: the status detail, or for a connection that failed (whose
    /// detail is only "Error connecting to subchannel.") the socket or TLS error beneath it.
    /// </summary>
    public static string Cause(this RpcException e)
    {
        var inner = e.Status.DebugException;
        while (inner?.InnerException is { } deeper)
            inner = deeper;
        return inner?.Message ?? e.Status.Detail;
    }
}
