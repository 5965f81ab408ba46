using Google.Protobuf;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// Decodes a record read from the store; an undecodable one means the ledger is damaged. Parsed
/// from a span: the array overload builds a CodedInputStream for every small record.
/// </summary>
internal static class StoredRecord
{
    public static T Parse<T>(MessageParser<T> parser, byte[] bytes, string what)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom((ReadOnlySpan<byte>)bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new LedgerCorruptException($"The stored {what} is unreadable: {e.Message}", e);
        }
    }

    /// <summary>
    /// As above, naming the record "<paramref name="kind"/> <paramref name="subject"/>" only if it
    /// fails: formatting an address (Bech32) on every read cost more than the read itself.
    /// </summary>
    public static T Parse<T, TSubject>(MessageParser<T> parser, byte[] bytes, string kind, TSubject subject)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom((ReadOnlySpan<byte>)bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new LedgerCorruptException($"The stored {kind} {subject} is unreadable: {e.Message}", e);
        }
    }
}
