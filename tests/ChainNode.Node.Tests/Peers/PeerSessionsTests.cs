using ChainNode.Node.Peers;
using ChainNode.Testing;

namespace ChainNode.Node.Tests.Peers;

[TestClass]
public sealed class PeerSessionsTests
{
    [TestMethod]
    public void Challenges_issued_to_a_stranger_for_the_same_index_do_not_invalidate_the_validators_own()
    {
        var sessions = new PeerSessions(4, new ManualClock());
        var own = sessions.IssueChallenge(1);
        for (var i = 0; i < 10_000; i++)
            sessions.IssueChallenge(1);
        Assert.IsTrue(sessions.IsOpenChallenge(1, own));
        Assert.IsTrue(sessions.UseChallenge(own));
    }

    [TestMethod]
    public void A_challenge_serves_one_handshake_for_the_index_it_was_issued_to_within_its_lifetime()
    {
        var clock = new ManualClock();
        var sessions = new PeerSessions(4, clock);
        var challenge = sessions.IssueChallenge(2);
        Assert.IsFalse(sessions.IsOpenChallenge(3, challenge), "issued for validator 2, answered as validator 3");
        var forged = (byte[])challenge.Clone();
        forged[0] ^= 1;
        Assert.IsFalse(sessions.IsOpenChallenge(2, forged), "a challenge this node did not issue");
        Assert.IsFalse(sessions.IsOpenChallenge(2, challenge.AsSpan(0, 31)), "a truncated challenge");
        Assert.IsTrue(sessions.UseChallenge(challenge));
        Assert.IsFalse(sessions.IsOpenChallenge(2, challenge), "used once already");
        Assert.IsFalse(sessions.UseChallenge(challenge), "used once already");

        var late = sessions.IssueChallenge(2);
        clock.Now += TimeSpan.FromSeconds(31);
        Assert.IsFalse(sessions.IsOpenChallenge(2, late), "expired");
        Assert.IsFalse(new PeerSessions(4, clock).IsOpenChallenge(2, sessions.IssueChallenge(2)), "another process's challenge");
    }
}
