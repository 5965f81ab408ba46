using System.Buffers;
using System.Buffers.Binary;

namespace ChainNode.Rpc.Transport;

/// <summary>
/// gRPC length-prefixed messages: 1 byte compressed flag, 4 bytes big-endian length, then the
/// protobuf bytes. Compression is not negotiated, so a set flag is an error.
/// </summary>
public static class GrpcFraming
{
    public const int HeaderLength = 5;

    /// <summary>
    /// Takes one complete message off the front of <paramref name="buffer"/> if it is all there.
    /// Throws <see cref="RpcException"/> for a compressed or oversized message.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxMessageBytes, out ReadOnlySequence<byte> message)
    {
        message = default;
        if (buffer.Length < HeaderLength)
            return false;
        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        if (header[0] != 0)
            throw new RpcException(GrpcStatusCode.Unimplemented, "compressed messages are not supported");
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > maxMessageBytes)
            throw new RpcException(GrpcStatusCode.ResourceExhausted, $"message of {length} bytes exceeds the {maxMessageBytes}-byte limit");
        if (buffer.Length < HeaderLength + length)
            return false;
        message = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(HeaderLength + length);
        return true;
    }

    public static void Write(IBufferWriter<byte> output, Google.Protobuf.IMessage message)
    {
        var size = message.CalculateSize();
        WriteFrame(output.GetSpan(HeaderLength + size), message, size);
        output.Advance(HeaderLength + size);
    }

    /// <summary>Writes the header and <paramref name="message"/> (already measured at <paramref name="size"/> bytes) into <paramref name="frame"/>.</summary>
    public static void WriteFrame(Span<byte> frame, Google.Protobuf.IMessage message, int size)
    {
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame[1..], (uint)size);
        Google.Protobuf.MessageExtensions.WriteTo(message, frame.Slice(HeaderLength, size));
    }
}
