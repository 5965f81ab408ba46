using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using ChainNode.Simulation;
using Google.Protobuf;

namespace ChainNode.Consensus.Tests;

/// <summary>
/// What one Byzantine validator can make an honest replica's single thread spend on signature
/// checks: cheap checks (stale view, duplicate, window) come before expensive ones, so a flood
/// costs at most one check per message, never the hundreds a full VIEW-CHANGE proof holds.
/// </summary>
[TestClass]
public sealed class VerificationCostTests
{
    private const int N = 4;
    private const int Flood = 200;
    private const int Byzantine = 3;

    private static ConsensusConfig Config(int self) => new()
    {
        ValidatorCount = N,
        Self = self,
        GenesisHash = SimBlocks.GenesisHash,
        CheckpointInterval = 4,
    };

    private static SignedMessage SignedBy(int sender, MessageKind kind, IMessage payload) =>
        MessageDigest.Sign(SimBlocks.GenesisHash, 1, kind, sender, payload, new SimAuthenticator(sender, N));

    // A VIEW-CHANGE as costly as a valid one gets: a prepared certificate (a quorum of real
    // PREPAREs) at every height of the window.
    private static SignedMessage ExpensiveViewChange(ulong newView)
    {
        var viewChange = new ViewChange { NewView = newView, CheckpointHeight = 0, CheckpointHash = SimBlocks.GenesisHash.ToByteString() };
        var parent = SimBlocks.GenesisHash;
        for (ulong height = 1; height <= Config(0).LogSize; height++)
        {
            var block = SimBlocks.Create(height, 0, parent, 0, [(byte)height]);
            var hash = DecodedBlock.From(block).Hash;
            var certificate = new PreparedCertificate { View = 0, Height = height, Block = block };
            foreach (var sender in new[] { 0, 2, 3 })
                certificate.Prepares.Add(SignedBy(sender, MessageKind.Prepare, new Prepare { View = 0, Height = height, BlockHash = hash.ToByteString() }));
            viewChange.Prepared.Add(certificate);
            parent = hash;
        }
        return SignedBy(Byzantine, MessageKind.ViewChange, viewChange);
    }

    // Checks one full verification of an expensive VIEW-CHANGE costs: its signature and a quorum per certificate.
    private static long FullCheckCost => 1 + (long)Config(0).LogSize * 3;

    private static (Replica Replica, SimAuthenticator Authenticator) NewReplica()
    {
        var authenticator = new SimAuthenticator(1, N);
        return (new Replica(Config(1), authenticator, new SimBlocks.Validator(), 0, SimBlocks.GenesisHash), authenticator);
    }

    private static void Feed(Replica replica, SignedMessage message)
    {
        replica.Step(message);
        if (replica.HasReady)
        {
            replica.TakeReady();
            replica.Advance();
        }
    }

    [TestMethod]
    public void A_flood_of_view_changes_for_ever_higher_views_costs_one_signature_check_each()
    {
        var (replica, authenticator) = NewReplica();
        var flood = Enumerable.Range(2, Flood).Select(v => ExpensiveViewChange((ulong)v)).ToList();
        var before = authenticator.Verifications;
        foreach (var message in flood)
            Feed(replica, message);
        var spent = authenticator.Verifications - before;
        Assert.IsLessThanOrEqualTo(Flood + 2 * FullCheckCost, spent,
            $"{Flood} view changes cost {spent} signature checks; a full check of one costs {FullCheckCost}");
        Assert.AreEqual(0UL, replica.View, "one validator alone cannot move a replica to another view");
        Assert.IsTrue(replica.ViewActive);
    }

    [TestMethod]
    public void Repeated_view_changes_for_a_view_already_left_are_dropped_before_their_proofs_are_checked()
    {
        var (replica, authenticator) = NewReplica();
        // Two others want view 2: by the f+1 rule the replica moves there.
        foreach (var sender in new[] { 0, 2 })
            Feed(replica, SignedBy(sender, MessageKind.ViewChange, new ViewChange { NewView = 2, CheckpointHash = SimBlocks.GenesisHash.ToByteString() }));
        Assert.AreEqual(2UL, replica.View);
        var stale = ExpensiveViewChange(1);
        var before = authenticator.Verifications;
        for (var i = 0; i < Flood; i++)
            Feed(replica, stale);
        var spent = authenticator.Verifications - before;
        Assert.IsLessThanOrEqualTo(Flood + FullCheckCost, spent, $"{Flood} copies of a stale view change cost {spent} signature checks");
    }

    [TestMethod]
    public void A_view_change_that_failed_its_full_check_is_not_checked_again()
    {
        var (replica, authenticator) = NewReplica();
        // Valid signature, but its last certificate's prepares are for another block: found only at the end.
        var viewChange = ViewChange.Parser.ParseFrom(ExpensiveViewChange(1).Payload);
        var last = viewChange.Prepared[^1];
        last.Prepares[^1] = SignedBy(3, MessageKind.Prepare, new Prepare { View = 0, Height = last.Height, BlockHash = Hash32.Zero.ToByteString() });
        var invalid = SignedBy(Byzantine, MessageKind.ViewChange, viewChange);
        var before = authenticator.Verifications;
        for (var i = 0; i < Flood; i++)
            Feed(replica, invalid);
        var spent = authenticator.Verifications - before;
        Assert.IsLessThanOrEqualTo(Flood + FullCheckCost, spent, $"{Flood} copies of an invalid view change cost {spent} signature checks");
    }

    [TestMethod]
    public void A_flood_of_new_views_whose_view_changes_are_not_signed_by_their_senders_costs_a_few_signature_checks_each()
    {
        var (replica, authenticator) = NewReplica();
        // Validator 3 is the primary of views 3, 7, 11, ...: it can sign a NEW-VIEW for each, and
        // its own costly VIEW-CHANGE inside, but not the others' VIEW-CHANGEs.
        var flood = Enumerable.Range(0, Flood).Select(i =>
        {
            var view = (ulong)(3 + 4 * i);
            var own = ViewChange.Parser.ParseFrom(ExpensiveViewChange(view).Payload);
            var newView = new NewView { View = view };
            newView.ViewChanges.Add(SignedBy(Byzantine, MessageKind.ViewChange, own));
            foreach (var claimed in new[] { 0, 2 })
                newView.ViewChanges.Add(MessageDigest.Sign(SimBlocks.GenesisHash, 1, MessageKind.ViewChange, claimed, new ViewChange { NewView = view, CheckpointHash = SimBlocks.GenesisHash.ToByteString() }, new SimAuthenticator(Byzantine, N)));
            return SignedBy(Byzantine, MessageKind.NewView, newView);
        }).ToList();
        var before = authenticator.Verifications;
        foreach (var message in flood)
            Feed(replica, message);
        var spent = authenticator.Verifications - before;
        Assert.IsLessThanOrEqualTo(4L * Flood, spent, $"{Flood} NEW-VIEWs cost {spent} signature checks; a full check of the VIEW-CHANGE inside costs {FullCheckCost}");
        Assert.AreEqual(0UL, replica.View);
    }

    [TestMethod]
    public void A_forged_view_change_claiming_another_sender_does_not_use_up_that_senders_check()
    {
        var (replica, _) = NewReplica();
        var wantView1 = new ViewChange { NewView = 1, CheckpointHash = SimBlocks.GenesisHash.ToByteString() };
        var forged = MessageDigest.Sign(SimBlocks.GenesisHash, 1, MessageKind.ViewChange, 2, wantView1, new SimAuthenticator(Byzantine, N));
        Feed(replica, forged);

        foreach (var sender in new[] { 0, 2 })
            Feed(replica, SignedBy(sender, MessageKind.ViewChange, wantView1));

        Assert.AreEqual(1UL, replica.View, "validator 2's own view change counted, so f+1 replicas moved this one to view 1");
    }

    [TestMethod]
    public void Duplicate_prepares_and_commits_are_dropped_before_their_signatures_are_checked()
    {
        var (replica, authenticator) = NewReplica();
        var hash = Hash32.Compute("some block"u8).ToByteString();
        var prepare = SignedBy(2, MessageKind.Prepare, new Prepare { View = 0, Height = 1, BlockHash = hash });
        var commit = SignedBy(2, MessageKind.Commit, new Commit { View = 0, Height = 1, BlockHash = hash });
        var before = authenticator.Verifications;
        for (var i = 0; i < Flood; i++)
        {
            Feed(replica, prepare);
            Feed(replica, commit);
        }
        var spent = authenticator.Verifications - before;
        Assert.IsLessThanOrEqualTo(2L, spent, $"{Flood} copies of one prepare and one commit cost {spent} signature checks");
    }
}
