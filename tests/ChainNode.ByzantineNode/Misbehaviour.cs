using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using Google.Protobuf;

namespace ChainNode.ByzantineNode;

/// <summary>The ways this validator misbehaves, each rewriting the messages it sends.</summary>
internal sealed class Misbehaviour(string kind, int self, int validators, IMessageAuthenticator signer, ChainNode.Ledger.Types.Hash32 genesisHash, int seed)
{
    private readonly Random _random = new(seed);
    private readonly List<OutboundMessage> _sent = [];

    public IEnumerable<OutboundMessage> Apply(OutboundMessage message) => kind switch
    {
        "equivocate" => Equivocate(message),
        "bad-signatures" => [message with { Message = Corrupt(message.Message) }],
        "replay" => Replay(message),
        "flood" => Flood(message),
        "censor" => [message],
        _ => throw new InvalidOperationException($"unknown misbehaviour '{kind}'"),
    };

    /// <summary>What this validator's proposals carry: as a censor, no txs at all (its blocks stay valid, just empty).</summary>
    public IReadOnlyList<VerifiedTransaction> FilterProposal(IReadOnlyList<VerifiedTransaction> candidates) =>
        kind == "censor" ? [] : candidates;

    // As primary, sends one block to the next validator and a different, equally valid block
    // (one millisecond later) to all the others, each correctly signed.
    private List<OutboundMessage> Equivocate(OutboundMessage message)
    {
        if (message.Message.Kind != MessageKind.PrePrepare || message.To is not null)
            return [message];
        var prePrepare = PrePrepare.Parser.ParseFrom(message.Message.Payload);
        var header = BlockHeader.Parser.ParseFrom(prePrepare.Block.Header);
        header.TimestampMs += 1;
        var twin = new Block { Header = header.ToByteString() };
        twin.Transactions.AddRange(prePrepare.Block.Transactions);
        var conflicting = MessageDigest.Sign(genesisHash, 1, MessageKind.PrePrepare, self, new PrePrepare { View = prePrepare.View, Height = prePrepare.Height, Block = twin }, signer);
        var first = (self + 1) % validators;
        return Enumerable.Range(0, validators).Where(v => v != self)
            .Select(v => new OutboundMessage(v, v == first ? message.Message : conflicting)).ToList();
    }

    private SignedMessage Corrupt(SignedMessage message)
    {
        var signature = message.Signature.ToByteArray();
        if (signature.Length > 0)
            signature[_random.Next(signature.Length)] ^= 0x20;
        return new SignedMessage { Kind = message.Kind, Sender = message.Sender, Epoch = message.Epoch, Payload = message.Payload, Signature = ByteString.CopyFrom(signature) };
    }

    // Sends what it should, plus three old messages picked at random from everything it sent.
    private List<OutboundMessage> Replay(OutboundMessage message)
    {
        var output = new List<OutboundMessage> { message };
        for (var i = 0; i < 3 && _sent.Count > 0; i++)
            output.Add(_sent[_random.Next(_sent.Count)] with { To = message.To });
        if (_sent.Count < 2_000)
            _sent.Add(message);
        else
            _sent[_random.Next(_sent.Count)] = message;
        return output;
    }

    // Every message ten times, and ten junk messages of random kinds and bytes with it.
    private List<OutboundMessage> Flood(OutboundMessage message)
    {
        var output = Enumerable.Repeat(message, 10).ToList();
        for (var i = 0; i < 10; i++)
        {
            var payload = new byte[_random.Next(0, 400)];
            _random.NextBytes(payload);
            var signature = new byte[64];
            _random.NextBytes(signature);
            output.Add(new OutboundMessage(message.To, new SignedMessage
            {
                Kind = (MessageKind)_random.Next(0, 8),
                Sender = (uint)self,
                Payload = ByteString.CopyFrom(payload),
                Signature = ByteString.CopyFrom(signature),
            }));
        }
        return output;
    }
}
