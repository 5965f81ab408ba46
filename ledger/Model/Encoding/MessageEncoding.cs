using System.Buffers;
using Google.Protobuf;

namespace ChainNode.Ledger.Protos;

/// <summary>
/// Protobuf encodings for the hot paths. <c>ToByteArray</c> builds a CodedOutputStream per call,
/// which doubles the garbage for a small record; and a block's encoding that is only copied into
/// a write batch needs no array of its own.
/// </summary>
public static class MessageEncoding
{
    /// <summary>The same bytes as <c>ToByteArray</c>, with one allocation: the result.</summary>
    public static byte[] Encode(IMessage message)
    {
        var bytes = new byte[message.CalculateSize()];
        message.WriteTo(bytes.AsSpan());
        return bytes;
    }

    public delegate TResult EncodedUse<in TState, out TResult>(ReadOnlySpan<byte> encoded, TState state);

    /// <summary>Encodes into a pooled buffer and hands it to <paramref name="use"/>, which must not keep it.</summary>
    public static TResult WithEncoded<TState, TResult>(IMessage message, TState state, EncodedUse<TState, TResult> use)
    {
        var size = message.CalculateSize();
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var encoded = buffer.AsSpan(0, size);
            message.WriteTo(encoded);
            return use(encoded, state);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
