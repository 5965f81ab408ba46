using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Simulation.Byzantine;

/// <summary>
/// Wraps a Byzantine validator's outgoing traffic: its replica runs the real protocol, and this
/// rewrites, multiplies or withholds what it sends, and adds traffic of its own. Removed from
/// the validator set, it keeps going: its old epoch's traffic, and new-epoch messages signed
/// with its own key (a re-labelled old vote, a fresh forgery) that no one may count.
/// </summary>
public sealed class ByzantineActor(int node, int nodes, ByzantineBehaviour behaviour, Random random, Action<Block> onBlockCreated)
{
    private int _self = node;
    private int _validators = 1;
    private SimAuthenticator? _authenticator;
    private ulong? _removedFrom;
    private SignedMessage? _lastOwnVote;

    private const int ReplayMemory = 400;
    private readonly List<SignedMessage> _seen = [];
    private ViewChange? _costliestViewChange;
    private SignedMessage? _lastVote;
    private ulong _floodView;

    public ByzantineBehaviour Behaviour { get; } = behaviour;

    /// <summary>The epoch its own forged traffic claims: the last one its replica served.</summary>
    public ulong Epoch { get; private set; } = 1;

    /// <summary>Its host began an epoch: as validator <paramref name="index"/> of <paramref name="validatorCount"/>, or (index -1) outside the set.</summary>
    public void EnterEpoch(ulong start, int index, int validatorCount, SimAuthenticator signer)
    {
        if (index < 0)
        {
            _removedFrom = _authenticator is null ? null : start; // a spare never joined has nothing to replay
            return;
        }
        _removedFrom = null;
        Epoch = start;
        _self = index;
        _validators = validatorCount;
        _authenticator = signer;
    }

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
        if (message.Sender == _self && message.Kind is MessageKind.Prepare or MessageKind.Commit)
            _lastOwnVote = message;
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
                yield return (random.Next(nodes), _seen[random.Next(_seen.Count)]);
        }
        if (Behaviour == ByzantineBehaviour.Flood)
        {
            for (var i = 0; i < 10; i++)
                yield return (random.Next(nodes), Junk());
        }
        if (_removedFrom is { } epoch)
        {
            foreach (var message in ForgeForEpoch(epoch))
                yield return (random.Next(nodes), message);
        }
        if (Behaviour == ByzantineBehaviour.ExpensiveViewChangeFlood)
        {
            foreach (var message in ExpensiveFlood())
            {
                for (var to = 0; to < nodes; to++)
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
        else if (message.Sender == _self && message.Kind is MessageKind.Prepare or MessageKind.Commit)
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

    // Removed, it claims the new epoch: its old vote re-labelled (a COMMIT's signature does not
    // cover the epoch) and a fresh vote signed with its own key under its old index.
    private IEnumerable<SignedMessage> ForgeForEpoch(ulong epoch)
    {
        if (_lastOwnVote is { } vote)
        {
            var relabelled = vote.Clone();
            relabelled.Epoch = epoch;
            yield return relabelled;
        }
        yield return SignAs(MessageKind.Commit, new Commit { View = 0, Height = epoch + (ulong)random.Next(3), BlockHash = RandomHash().ToByteString() }, epoch);
    }

    private SignedMessage ConflictingPrePrepare(SignedMessage original)
    {
        var prePrepare = PrePrepare.Parser.ParseFrom(original.Payload);
        var block = DecodedBlock.From(prePrepare.Block);
        var content = new byte[16];
        random.NextBytes(content);
        var other = SimBlocks.Create(block.Height, prePrepare.View, new Hash32(block.Header.PreviousHash.Span), _self, content, invalid: random.Next(2) == 0);
        onBlockCreated(other);
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
            forged.Sender = (uint)((_self + 1 + random.Next(_validators - 1)) % _validators);
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
                return new SignedMessage { Kind = (MessageKind)random.Next(0, 8), Sender = (uint)_self, Payload = ByteString.CopyFrom(garbage), Signature = ByteString.CopyFrom(Signer.Sign(RandomHash())) };
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

    private SimAuthenticator Signer => _authenticator ?? throw new InvalidOperationException("a Byzantine node signs only once it has been a validator");

    private SignedMessage SignAs(MessageKind kind, IMessage payload, ulong? epoch = null) =>
        MessageDigest.Sign(SimBlocks.GenesisHash, epoch ?? Epoch, kind, _self, payload, Signer);
}
