using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Consensus.Tests.Traces;
using ChainNode.Ledger.Types;
using ChainNode.Simulation;
using Google.Protobuf;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// A Byzantine validator can send anything, correctly signed. Mutations of real traffic
/// (flipped bytes, cleared sub-messages, wrong-length hashes, extreme numbers) are re-signed
/// by their claimed sender and fed to replicas: none may throw.
/// </summary>
[TestClass]
public sealed class CraftedMessageTests
{
    private const int N = 4;

    [TestMethod]
    public void Signed_garbage_never_makes_a_replica_throw()
    {
        const int seed = 20261121;
        var random = new Random(seed);
        var normal = Cluster(timeoutTicks: 20);
        normal.Run(height: 4, maxTicks: 60);
        // Lost commits leave a prepared block behind, so the NEW-VIEW after the timeout re-proposes it.
        var viewChange = Cluster(timeoutTicks: 6);
        viewChange.Run(height: 2, maxTicks: 60);
        viewChange.Network.Drop(new MessageFilter(null, null, [MessageKind.Commit]));
        viewChange.Run(height: 3, maxTicks: 10 - (int)viewChange.Now);
        viewChange.Network.Heal();
        viewChange.Run(height: 4, maxTicks: 200 - (int)viewChange.Now);
        var corpus = normal.Delivered.Concat(viewChange.Delivered).ToList();
        Assert.IsTrue(corpus.Any(m => m.Kind == MessageKind.NewView && NewView.Parser.ParseFrom(m.Payload).PrePrepares.Count > 0),
            "the corpus needs a NEW-VIEW with re-proposals: " + string.Join(" | ", corpus.Where(m => m.Kind is MessageKind.NewView or MessageKind.ViewChange).Select(TraceLog.Describe).Distinct()));

        var evolved = viewChange.Nodes.Concat(normal.Nodes).Select(n => n.Core!).ToList();
        for (var i = 0; i < 6_000; i++)
        {
            var original = corpus[random.Next(corpus.Count)];
            var crafted = Mutate(original, random);
            // Fresh replicas accept NEW-VIEWs and early messages that evolved ones have moved past.
            var target = random.Next(2) == 0 ? evolved[random.Next(evolved.Count)] : FreshReplica(1 + random.Next(N - 1));
            if (crafted.Sender == target.Self)
                continue;
            try
            {
                target.Step(crafted);
                if (target.HasReady)
                {
                    target.TakeReady();
                    target.Advance();
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, iteration {i}: {TraceLog.Describe(original)} mutated to kind {crafted.Kind} made replica {target.Self} throw: {e}");
            }
        }
    }

    private static TraceCluster Cluster(int timeoutTicks) => new(N, spares: 0, new ConsensusConfig
    {
        ValidatorCount = N,
        Self = 0,
        GenesisHash = SimBlocks.GenesisHash,
        CheckpointInterval = 2,
        ViewChangeTimeoutTicks = timeoutTicks,
        BlockIntervalTicks = 1,
    }, autoPropose: true, retryTicks: 40);

    private static Replica FreshReplica(int self) => new(
        new ConsensusConfig { ValidatorCount = N, Self = self, GenesisHash = SimBlocks.GenesisHash, CheckpointInterval = 2, Window = 1 },
        new SimAuthenticator(self, N), new SimBlocks.Validator(), 0, SimBlocks.GenesisHash);

    private static SignedMessage Mutate(SignedMessage original, Random random)
    {
        var message = original.Clone();
        switch (random.Next(4))
        {
            case 0:
                var payload = message.Payload.ToByteArray();
                if (payload.Length > 0)
                    payload[random.Next(payload.Length)] ^= (byte)(1 << random.Next(8));
                message.Payload = ByteString.CopyFrom(payload);
                break;
            case 1:
                message.Payload = Structural(message, random).ToByteString();
                break;
            case 2:
                message.Kind = (MessageKind)random.Next(0, 8);
                break;
            default:
                message.Payload = ByteString.CopyFrom(message.Payload.Span[..random.Next(message.Payload.Length + 1)]);
                break;
        }
        return Resign(message);
    }

    // Alters one field of the decoded payload in a way a careless decoder would trip on.
    private static IMessage Structural(SignedMessage message, Random random)
    {
        var badHash = ByteString.CopyFrom(new byte[random.Next(0, 40)]);
        var huge = ulong.MaxValue - (ulong)random.Next(3);
        try
        {
            switch (message.Kind)
            {
                case MessageKind.PrePrepare:
                    var prePrepare = PrePrepare.Parser.ParseFrom(message.Payload);
                    if (random.Next(2) == 0) prePrepare.Block = null; else prePrepare.Height = huge;
                    return prePrepare;
                case MessageKind.Prepare:
                    var prepare = Prepare.Parser.ParseFrom(message.Payload);
                    if (random.Next(2) == 0) prepare.BlockHash = badHash; else prepare.View = huge;
                    return prepare;
                case MessageKind.Commit:
                    var commit = Commit.Parser.ParseFrom(message.Payload);
                    if (random.Next(2) == 0) commit.BlockHash = badHash; else commit.Height = huge;
                    return commit;
                case MessageKind.Checkpoint:
                    var checkpoint = Checkpoint.Parser.ParseFrom(message.Payload);
                    checkpoint.BlockHash = badHash;
                    return checkpoint;
                case MessageKind.ViewChange:
                    var viewChange = ViewChange.Parser.ParseFrom(message.Payload);
                    if (viewChange.Prepared.Count > 0 && random.Next(2) == 0) viewChange.Prepared[0].Block = null;
                    else if (random.Next(2) == 0) viewChange.CheckpointHash = badHash;
                    else viewChange.NewView = huge;
                    return viewChange;
                case MessageKind.NewView:
                    var newView = NewView.Parser.ParseFrom(message.Payload);
                    if (newView.PrePrepares.Count > 0)
                    {
                        var inner = PrePrepare.Parser.ParseFrom(newView.PrePrepares[0].Payload);
                        inner.Block = null;
                        newView.PrePrepares[0] = Resign(new SignedMessage { Kind = MessageKind.PrePrepare, Sender = message.Sender, Epoch = message.Epoch, Payload = inner.ToByteString() });
                    }
                    else if (newView.ViewChanges.Count > 0)
                    {
                        newView.ViewChanges.RemoveAt(0);
                    }
                    return newView;
                default:
                    return new Checkpoint { Height = huge, BlockHash = badHash };
            }
        }
        catch (InvalidProtocolBufferException)
        {
            return new Prepare { View = huge, Height = huge, BlockHash = badHash };
        }
    }

    private static SignedMessage Resign(SignedMessage message)
    {
        var sender = (int)(message.Sender % N);
        Hash32 digest;
        try
        {
            digest = message.Kind == MessageKind.Commit && Commit.Parser.ParseFrom(message.Payload) is { BlockHash.Length: 32 } commit
                ? MessageDigest.ForCommit(SimBlocks.GenesisHash, commit)
                : MessageDigest.For(SimBlocks.GenesisHash, message.Epoch, message.Kind, message.Payload.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            digest = MessageDigest.For(SimBlocks.GenesisHash, message.Epoch, message.Kind, message.Payload.Span);
        }
        message.Sender = (uint)sender;
        message.Signature = ByteString.CopyFrom(new SimAuthenticator(sender, N).Sign(digest));
        return message;
    }
}
