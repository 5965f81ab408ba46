using System.Buffers;
using System.Net;
using Google.Protobuf;

namespace ChainNode.Rpc.Transport;

/// <summary>
/// A request body holding one length-prefixed gRPC message, serialized straight into a pooled
/// buffer when sent. Framing into a fresh array (and copying it again for the request) put two
/// large-object-heap arrays behind every big gossip or proposal batch, and on a loaded validator
/// most full garbage collections were triggered by large-object allocations.
/// </summary>
public sealed class GrpcMessageContent : HttpContent
{
    private readonly IMessage _message;
    private readonly int _size;

    public GrpcMessageContent(IMessage message)
    {
        _message = message;
        _size = message.CalculateSize();
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var length = GrpcFraming.HeaderLength + _size;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            GrpcFraming.WriteFrame(buffer.AsSpan(0, length), _message, _size);
            await stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = GrpcFraming.HeaderLength + _size;
        return true;
    }
}
