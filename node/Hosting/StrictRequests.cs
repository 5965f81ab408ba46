using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace ChainNode.Node.Hosting;

/// <summary>
/// Serves a generated gRPC service so that a request message that does not parse is answered
/// INVALID_ARGUMENT ("malformed request: ..."), as the API documents, instead of Grpc.AspNetCore's
/// UNKNOWN ("Exception was thrown by handler"): the request is read before any interceptor runs,
/// so the parse is wrapped where the methods are bound. Map <c>StrictRequests&lt;TService&gt;</c>,
/// not the service itself (its generated base would bind the methods a second time).
/// </summary>
public sealed class StrictRequests<TService>(TService service, Action<ServiceBinderBase, TService> bindService) where TService : class
{
    private void Bind(ServiceBinderBase binder) => bindService(binder, service);

    /// <summary>Binds every method of the service to this instance, with strict request parsing.</summary>
    public sealed class MethodProvider(StrictRequests<TService> served) : IServiceMethodProvider<StrictRequests<TService>>
    {
        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<StrictRequests<TService>> context) =>
            served.Bind(new Binder(context));
    }

    private sealed class Binder(ServiceMethodProviderContext<StrictRequests<TService>> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Strict(method), [], (_, request, call) => handler!(request, call));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Strict(method), [], (_, request, stream, call) => handler!(request, stream, call));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            throw new NotSupportedException($"{method.FullName}: client streaming is not used by ChainNode's services");

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            throw new NotSupportedException($"{method.FullName}: duplex streaming is not used by ChainNode's services");
    }

    private static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var requests = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return parse(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"malformed request: {e.Message}"));
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }
}
