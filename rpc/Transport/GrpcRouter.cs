using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace ChainNode.Rpc.Transport;

/// <summary>
/// Serves gRPC over Kestrel without the Grpc packages: routes "/package.Service/Method" to
/// unary or server-streaming handlers, frames messages, and reports status in trailers
/// (trailers-only when no message was written), as standard gRPC clients expect.
/// Kestrel must listen with HTTP/2 only: without TLS, "HTTP/1 and 2" silently means HTTP/1.1.
/// </summary>
public sealed class GrpcRouter(int maxMessageBytes = 4 * 1024 * 1024)
{
    private readonly Dictionary<string, Func<HttpContext, CancellationToken, Task<CallResult>>> _methods = new(StringComparer.Ordinal);

    private readonly record struct CallResult(bool WroteMessage);

    public int MaxMessageBytes { get; } = maxMessageBytes;

    public void MapUnary<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, CancellationToken, Task<TResponse>> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        _methods[path] = async (context, cancel) =>
        {
            var request = await ReadRequestAsync(context.Request.BodyReader, parser, cancel);
            var response = await handler(request, cancel);
            StartResponse(context);
            GrpcFraming.Write(context.Response.BodyWriter, response); // unary: no flush, data and trailers go together
            return new CallResult(true);
        };
    }

    /// <summary>A unary method whose handler also sees the HTTP context (client address, connection).</summary>
    public void MapUnaryWithContext<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, HttpContext, CancellationToken, Task<TResponse>> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        _methods[path] = async (context, cancel) =>
        {
            var request = await ReadRequestAsync(context.Request.BodyReader, parser, cancel);
            var response = await handler(request, context, cancel);
            StartResponse(context);
            GrpcFraming.Write(context.Response.BodyWriter, response);
            return new CallResult(true);
        };
    }

    /// <param name="handler">Receives the request and a function that sends one message (flushed at once).</param>
    public void MapServerStreaming<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, Func<TResponse, Task>, CancellationToken, Task> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        MapServerStreamingWithContext<TRequest, TResponse>(path, parser, (request, send, _, cancel) => handler(request, send, cancel));

    /// <summary>A server-streaming method whose handler also sees the HTTP context.</summary>
    public void MapServerStreamingWithContext<TRequest, TResponse>(string path, MessageParser<TRequest> parser, Func<TRequest, Func<TResponse, Task>, HttpContext, CancellationToken, Task> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        _methods[path] = async (context, cancel) =>
        {
            var request = await ReadRequestAsync(context.Request.BodyReader, parser, cancel);
            var wrote = false;
            await handler(request, async message =>
            {
                if (!wrote)
                    StartResponse(context);
                wrote = true;
                GrpcFraming.Write(context.Response.BodyWriter, message);
                await context.Response.BodyWriter.FlushAsync(cancel);
            }, context, cancel);
            return new CallResult(wrote);
        };
    }

    public async Task HandleAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        if (!_methods.TryGetValue(context.Request.Path.Value ?? "", out var method))
        {
            FinishTrailersOnly(context, GrpcStatusCode.Unimplemented, $"unknown method {context.Request.Path}");
            return;
        }

        using var deadline = GrpcTimeout.Parse(context.Request.Headers["grpc-timeout"]) is { } timeout
            ? new CancellationTokenSource(timeout)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, context.RequestAborted);
        GrpcStatusCode status;
        string message;
        var wroteMessage = false;
        try
        {
            wroteMessage = (await method(context, linked.Token)).WroteMessage;
            (status, message) = (GrpcStatusCode.Ok, "");
        }
        catch (RpcException e)
        {
            (status, message) = (e.Status, e.Detail);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            (status, message) = (GrpcStatusCode.DeadlineExceeded, "deadline exceeded");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away; nobody is left to answer
        }
        if (!wroteMessage && !context.Response.HasStarted)
        {
            FinishTrailersOnly(context, status, message);
            return;
        }
        context.Response.AppendTrailer("grpc-status", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message.Length > 0)
            context.Response.AppendTrailer("grpc-message", GrpcStatusMessage.Encode(message));
    }

    private async Task<TRequest> ReadRequestAsync<TRequest>(PipeReader reader, MessageParser<TRequest> parser, CancellationToken cancel)
        where TRequest : IMessage<TRequest>
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancel);
            var buffer = read.Buffer;
            if (GrpcFraming.TryRead(ref buffer, MaxMessageBytes, out var payload))
            {
                TRequest request;
                try
                {
                    request = parser.ParseFrom(payload);
                }
                catch (InvalidProtocolBufferException e)
                {
                    reader.AdvanceTo(buffer.Start);
                    throw new RpcException(GrpcStatusCode.InvalidArgument, $"malformed request: {e.Message}");
                }
                reader.AdvanceTo(buffer.Start);
                return request;
            }
            if (read.IsCompleted)
                throw new RpcException(GrpcStatusCode.InvalidArgument, "the request holds no complete message");
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static void StartResponse(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
    }

    private static void FinishTrailersOnly(HttpContext context, GrpcStatusCode status, string message)
    {
        StartResponse(context);
        context.Response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (message.Length > 0)
            context.Response.Headers["grpc-message"] = GrpcStatusMessage.Encode(message);
    }
}
