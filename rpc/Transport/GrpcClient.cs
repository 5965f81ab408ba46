using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace ChainNode.Rpc.Transport;

/// <summary>
/// A gRPC client over HttpClient and HTTP/2 (h2c), without the Grpc packages. Every request
/// asks for HTTP/2 exactly (the client default is not applied to hand-built requests) and reads
/// the status from trailers only after the body is complete.
/// </summary>
public sealed class GrpcClient : IDisposable
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;

    /// <param name="handler">The connection handler to use (tests bind a source address with one), or null for the default.</param>
    public GrpcClient(Uri baseAddress, int maxMessageBytes = 4 * 1024 * 1024, SocketsHttpHandler? handler = null)
    {
        _baseAddress = baseAddress;
        MaxMessageBytes = maxMessageBytes;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // deadlines are per call (grpc-timeout)
        };
    }

    public int MaxMessageBytes { get; }

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(string path, TRequest request, MessageParser<TResponse> parser, TimeSpan? deadline = null, CancellationToken cancel = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        TResponse? response = default;
        await foreach (var message in CallAsync(path, request, parser, deadline, cancel))
            response ??= message;
        return response ?? throw new RpcException(GrpcStatusCode.Internal, $"{path} returned OK without a response message");
    }

    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(string path, TRequest request, MessageParser<TResponse> parser, TimeSpan? deadline = null, CancellationToken cancel = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        CallAsync(path, request, parser, deadline, cancel);

    private IAsyncEnumerable<TResponse> CallAsync<TRequest, TResponse>(string path, TRequest request, MessageParser<TResponse> parser, TimeSpan? deadline, CancellationToken cancel)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        CallFramedAsync(path, new GrpcMessageContent(request), parser, deadline, cancel);

    /// <summary>
    /// Sends <paramref name="payload"/> as the request message exactly as given, valid or not
    /// (for fuzzing a server), and returns the first response message's bytes.
    /// </summary>
    public async Task<byte[]> UnaryRawAsync(string path, byte[] payload, TimeSpan? deadline = null, CancellationToken cancel = default)
    {
        var frame = new byte[5 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame, 5);
        byte[]? first = null;
        await foreach (var message in CallFramedAsync(path, new ByteArrayContent(frame), Google.Protobuf.WellKnownTypes.BytesValue.Parser, deadline, cancel, raw: true))
            first ??= message.Value.ToByteArray();
        return first ?? [];
    }

    private async IAsyncEnumerable<TResponse> CallFramedAsync<TResponse>(string path, HttpContent body, MessageParser<TResponse> parser, TimeSpan? deadline,
        [EnumeratorCancellation] CancellationToken cancel, bool raw = false)
        where TResponse : IMessage<TResponse>
    {
        using var timeout = deadline is { } d ? new CancellationTokenSource(d) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancel);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        message.Content.Headers.ContentType = GrpcContentType;
        message.Headers.TryAddWithoutValidation("te", "trailers");
        if (deadline is { } limit)
            message.Headers.TryAddWithoutValidation("grpc-timeout", GrpcTimeout.Format(limit));

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (HttpRequestException e)
        {
            throw new RpcException(GrpcStatusCode.Unavailable, $"cannot reach {_baseAddress}: {e.Message}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new RpcException(GrpcStatusCode.DeadlineExceeded, $"{path}: deadline exceeded");
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
                throw new RpcException(GrpcStatusCode.Internal, $"{path}: HTTP {(int)response.StatusCode} instead of a gRPC response");
            ThrowIfStatus(response.Headers, path); // trailers-only response

            var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(linked.Token));
            while (true)
            {
                ReadResult read;
                try
                {
                    read = await reader.ReadAsync(linked.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    throw new RpcException(GrpcStatusCode.DeadlineExceeded, $"{path}: deadline exceeded");
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    throw new RpcException(GrpcStatusCode.Unavailable, $"{path}: connection lost: {e.Message}");
                }
                var buffer = read.Buffer;
                var batch = new List<TResponse>();
                while (GrpcFraming.TryRead(ref buffer, MaxMessageBytes, out var payload))
                    batch.Add(raw ? (TResponse)(object)new Google.Protobuf.WellKnownTypes.BytesValue { Value = Google.Protobuf.ByteString.CopyFrom(payload.ToArray()) } : parser.ParseFrom(payload));
                var leftover = buffer.Length;
                reader.AdvanceTo(buffer.Start, buffer.End); // the buffer must not be touched after this
                foreach (var item in batch)
                    yield return item;
                if (read.IsCompleted)
                {
                    if (leftover > 0)
                        throw new RpcException(GrpcStatusCode.Internal, $"{path}: the response ended inside a message");
                    break;
                }
            }
            await reader.CompleteAsync();
            ThrowIfStatus(response.TrailingHeaders, path, required: true);
        }
    }

    private static void ThrowIfStatus(HttpHeaders headers, string path, bool required = false)
    {
        if (!headers.TryGetValues("grpc-status", out var values))
        {
            if (required)
                throw new RpcException(GrpcStatusCode.Internal, $"{path}: the response ended without a grpc-status");
            return;
        }
        var code = int.TryParse(values.FirstOrDefault(), out var parsed) ? (GrpcStatusCode)parsed : GrpcStatusCode.Unknown;
        if (code == GrpcStatusCode.Ok)
            return;
        var detail = headers.TryGetValues("grpc-message", out var messages) ? GrpcStatusMessage.Decode(messages.First()) : "";
        throw new RpcException(code, detail);
    }

    public void Dispose() => _http.Dispose();
}
