using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Simulation.Byzantine;

/// <summary>
/// Wraps a Byzantine validator's outgoing traffic: its replica runs the real protocol, and this
/// rewrites, multiplies or withholds what it sends, and adds traffic of its own.
/// </summary>
public sealed class ByzantineActor(int self, int validators, ByzantineBehaviour behaviour, SimAuthenticator authenticator, Random random, Action<Hash32> onBlockCreated)
{
    private const int ReplayMemory = 400;
    private readonly List<SignedMessage> _seen = [];
    private ViewChange? _costliestViewChange;
    private SignedMessage? _lastVote;
    private ulong _floodView;

    public ByzantineBehaviour Behaviour { get; } = behaviour;

    /// <summary>The epoch its own forged traffic claims: the one its replica serves.</summary>
    public ulong Epoch { get; set; } = 1;

    /// <summary>Remembers traffic for later replay.</summary>
    public void Observe(SignedMessage message)
    {
        if (Behaviour == ByzantineBehaviour.ExpensiveViewChangeFlood)
        {
            ObserveForFlood(message);
            return;
        }
        if (Behaviour != ByzantineBehaviour.Replay)
            return;
        if (_seen.Count == ReplayMemory)
            _seen.RemoveAt(random.Next(ReplayMemory));
        _seen.Add(message);
    }

    /// <summary>What actually goes out, per recipient, for one message the replica wanted to send.</summary>
    public IEnumerable<(int To, SignedMessage Message)> Rewrite(int to, SignedMessage message)
    {
        switch (Behaviour)
        {
            case ByzantineBehaviour.Silent:
                yield break;
            case ByzantineBehaviour.Equivocate when message.Kind == MessageKind.PrePrepare:
                yield return (to, to % 2 == 0 ? message : ConflictingPrePrepare(message));
                yield break;
            case ByzantineBehaviour.DoubleVote when message.Kind is MessageKind.Prepare or MessageKind.Commit:
                yield return (to, to % 2 == 0 ? message : ConflictingVote(message));
                yield break;
            case ByzantineBehaviour.ForgeSignatures when random.Next(2) == 0:
                yield return (to, Forge(message));
                yield break;
            case ByzantineBehaviour.ExpensiveViewChangeFlood:
                ObserveForFlood(message);
                yield return (to, message);
                yield break;
            default:
                Observe(message);
                yield return (to, message);
                yield break;
        }
    }

    /// <summary>Extra traffic this validator generates on its own each tick.</summary>
    public IEnumerable<(int To, SignedMessage Message)> OnTick()
    {
        if (Behaviour == ByzantineBehaviour.Replay && _seen.Count > 0)
        {
            for (var i = 0; i < 3; i++)
                yield return (random.Next(validators), _seen[random.Next(_seen.Count)]);
        }
        if (Behaviour == ByzantineBehaviour.Flood)
        {
            for (var i = 0; i < 10; i++)
                yield return (random.Next(validators), Junk());
        }
        if (Behaviour == ByzantineBehaviour.ExpensiveViewChangeFlood)
        {
            foreach (var message in ExpensiveFlood())
            {
                for (var to = 0; to < validators; to++)
                    yield return (to, message);
            }
        }
    }

    // The view change seen carrying the most prepared certificates: each one in it costs a quorum
    // of signature checks, and re-signing it for another view keeps them valid.
    private void ObserveForFlood(SignedMessage message)
    {
        if (message.Kind == MessageKind.ViewChange)
        {
            ViewChange viewChange;
            try
            {
                viewChange = ViewChange.Parser.ParseFrom(message.Payload);
            }
            catch (InvalidProtocolBufferException)
            {
                return; // another Byzantine validator's junk
            }
            if (_costliestViewChange is null || viewChange.Prepared.Count >= _costliestViewChange.Prepared.Count)
                _costliestViewChange = viewChange;
            _floodView = Math.Max(_floodView, viewChange.NewView);
        }
        else if (message.Sender == self && message.Kind is MessageKind.Prepare or MessageKind.Commit)
        {
            _lastVote = message;
        }
    }

    private IEnumerable<SignedMessage> ExpensiveFlood()
    {
        if (_costliestViewChange is { } template)
        {
            for (var i = 0; i < 4; i++)
            {
                // The next view (fully checked once, then refused), then views ever further ahead.
                var view = i == 0 ? _floodView + 1 : _floodView + 1 + (ulong)random.Next(1, 1_000_000);
                yield return SignAs(MessageKind.ViewChange, new ViewChange(template) { NewView = view });
            }
        }
        if (_lastVote is { } vote)
        {
            for (var i = 0; i < 4; i++)
                yield return vote;
        }
    }

    private SignedMessage ConflictingPrePrepare(SignedMessage original)
    {
        var prePrepare = PrePrepare.Parser.ParseFrom(original.Payload);
        var block = DecodedBlock.From(prePrepare.Block);
        var content = new byte[16];
        random.NextBytes(content);
        var other = SimBlocks.Create(block.Height, prePrepare.View, new Hash32(block.Header.PreviousHash.Span), self, content, invalid: random.Next(2) == 0);
        onBlockCreated(DecodedBlock.From(other).Hash);
        return SignAs(MessageKind.PrePrepare, new PrePrepare { View = prePrepare.View, Height = prePrepare.Height, Block = other });
    }

    private SignedMessage ConflictingVote(SignedMessage original)
    {
        var fakeHash = RandomHash().ToByteString();
        return original.Kind == MessageKind.Prepare
            ? SignAs(MessageKind.Prepare, new Prepare(Prepare.Parser.ParseFrom(original.Payload)) { BlockHash = fakeHash })
            : SignAs(MessageKind.Commit, new Commit(Commit.Parser.ParseFrom(original.Payload)) { BlockHash = fakeHash });
    }

    private SignedMessage Forge(SignedMessage original)
    {
        var forged = original.Clone();
        if (random.Next(2) == 0)
        {
            var signature = forged.Signature.ToByteArray();
            signature[random.Next(signature.Length)] ^= 0x40;
            forged.Signature = ByteString.CopyFrom(signature);
        }
        else
        {
            forged.Sender = (uint)((self + 1 + random.Next(validators - 1)) % validators);
        }
        return forged;
    }

    private SignedMessage Junk()
    {
        var hash = RandomHash().ToByteString();
        var farHeight = (ulong)random.NextInt64(1, long.MaxValue);
        var farView = (ulong)random.NextInt64(1, long.MaxValue);
        switch (random.Next(5))
        {
            case 0:
                var garbage = new byte[random.Next(1, 64)];
                random.NextBytes(garbage);
                return new SignedMessage { Kind = (MessageKind)random.Next(0, 8), Sender = (uint)self, Payload = ByteString.CopyFrom(garbage), Signature = ByteString.CopyFrom(authenticator.Sign(RandomHash())) };
            case 1:
                return SignAs(MessageKind.Prepare, new Prepare { View = farView, Height = (ulong)random.Next(1, 200), BlockHash = hash });
            case 2:
                return SignAs(MessageKind.Commit, new Commit { View = (ulong)random.Next(0, 50), Height = farHeight, BlockHash = hash });
            case 3:
                return SignAs(MessageKind.Checkpoint, new Checkpoint { Height = farHeight, BlockHash = hash });
            default:
                return SignAs(MessageKind.ViewChange, new ViewChange { NewView = farView, CheckpointHash = SimBlocks.GenesisHash.ToByteString() });
        }
    }

    private Hash32 RandomHash()
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return new Hash32(bytes);
    }

    private SignedMessage SignAs(MessageKind kind, IMessage payload) => MessageDigest.Sign(SimBlocks.GenesisHash, Epoch, kind, self, payload, authenticator);
}
