using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using ChainNode.Node.Tls;
using Grpc.Core;

namespace ChainNode.Integration.Tests.Rpc;

/// <summary>
/// A gRPC caller that sends exactly the bytes it is given, valid or not, over HTTP/2 with
/// HttpClient: what a fuzzer or a hostile client sends, which the generated clients never would.
/// The call's status comes back as an <see cref="RpcException"/>, as from the standard client.
/// </summary>
internal sealed class RawGrpcClient(Uri baseAddress, SocketsHttpHandler? handler = null) : IDisposable
{
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>A client of a node's peer port: TLS with a certificate of its own, as every peer link.</summary>
    public static RawGrpcClient ForPeerPort(string hostAndPort) =>
        new(new Uri($"https://{hostAndPort}"), new SocketsHttpHandler { SslOptions = PeerTls.Client(TlsIdentity.Generate("raw-peer"), new CertificatePin()) });

    /// <summary>One request message framed as given (<paramref name="compressedFlag"/> sets the frame's flag byte); returns the response's bytes after the status.</summary>
    public Task<byte[]> UnaryRawAsync(string path, byte[] payload, TimeSpan? deadline = null, bool compressedFlag = false,
        string? grpcEncoding = null, CancellationToken cancel = default) =>
        UnaryBodyAsync(path, Frame(compressedFlag ? (byte)1 : (byte)0, payload.Length, payload), deadline, grpcEncoding, cancel);

    /// <summary>A gRPC frame: the flag byte, a big-endian length (true or not), then the payload.</summary>
    public static byte[] Frame(byte flag, int claimedLength, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), claimedLength);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>A request body exactly as given, framed or not.</summary>
    public async Task<byte[]> UnaryBodyAsync(string path, byte[] body, TimeSpan? deadline = null, string? grpcEncoding = null, CancellationToken cancel = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (grpcEncoding is not null)
            request.Headers.TryAddWithoutValidation("grpc-encoding", grpcEncoding);
        var limit = deadline ?? TimeSpan.FromSeconds(10);
        request.Headers.TryAddWithoutValidation("grpc-timeout", $"{(long)limit.TotalMilliseconds}m");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(limit + TimeSpan.FromSeconds(5));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new RpcException(new Status(StatusCode.Internal, $"HTTP {(int)response.StatusCode} instead of a gRPC response"));
        var answer = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        var status = StatusFrom(response.Headers) ?? StatusFrom(response.TrailingHeaders)
            ?? throw new RpcException(new Status(StatusCode.Internal, "the response ended without a grpc-status"));
        if (status.StatusCode != StatusCode.OK)
            throw new RpcException(status);
        return answer.Length >= 5 ? answer[5..] : [];
    }

    private static Status? StatusFrom(HttpHeaders headers)
    {
        if (!headers.TryGetValues("grpc-status", out var values))
            return null;
        var code = int.TryParse(values.FirstOrDefault(), out var parsed) ? (StatusCode)parsed : StatusCode.Unknown;
        var detail = headers.TryGetValues("grpc-message", out var messages) ? Uri.UnescapeDataString(messages.First()) : "";
        return new Status(code, detail);
    }

    public void Dispose() => _http.Dispose();
}
