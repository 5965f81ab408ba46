namespace ChainNode.Rpc.Transport;

/// <summary>A call ended with a non-OK gRPC status; thrown by handlers to answer with it and by the client on receipt.</summary>
public sealed class RpcException(GrpcStatusCode status, string detail) : Exception($"{status}: {detail}")
{
    public GrpcStatusCode Status { get; } = status;

    public string Detail { get; } = detail;
}
