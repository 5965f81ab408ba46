using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;
using ChainNode.Node.Peers;
using ChainNode.Testing;
using Grpc.Core;

namespace ChainNode.Node.Tests.Peers;

[TestClass]
public sealed class PeerSessionsTests
{
    private static readonly PublicKey[] Keys = Enumerable.Range(0, 12).Select(i => PrivateKey.FromInsecureSeed($"sessions-{i}").PublicKey).ToArray();
    private static readonly Hash32 Tls = Hash32.Compute("the client certificate of the handshake's connection"u8);

    [TestMethod]
    public void A_session_token_is_refused_over_a_connection_with_another_client_certificate()
    {
        var sessions = new PeerSessions(new ManualClock());
        sessions.UpdateDirectory([Keys[0], Keys[1]]);
        var (token, _) = sessions.Open(Keys[1], Tls);
        Assert.AreEqual(Keys[1], sessions.Authorize(token, PeerCall.Deliver, Tls).Key);
        var stolen = Assert.ThrowsExactly<RpcException>(() => sessions.Authorize(token, PeerCall.Deliver, Hash32.Compute("a relay's certificate"u8)));
        Assert.AreEqual(StatusCode.Unauthenticated, stolen.StatusCode, stolen.Status.Detail);
    }

    [TestMethod]
    public void Challenges_issued_to_a_stranger_for_the_same_key_do_not_invalidate_the_validators_own()
    {
        var sessions = new PeerSessions(new ManualClock());
        var own = sessions.IssueChallenge(Keys[1]);
        for (var i = 0; i < 10_000; i++)
            sessions.IssueChallenge(Keys[1]);
        Assert.IsTrue(sessions.IsOpenChallenge(Keys[1], own));
        Assert.IsTrue(sessions.UseChallenge(own));
    }

    [TestMethod]
    public void A_challenge_serves_one_handshake_for_the_key_it_was_issued_to_within_its_lifetime()
    {
        var clock = new ManualClock();
        var sessions = new PeerSessions(clock);
        var challenge = sessions.IssueChallenge(Keys[2]);
        Assert.IsFalse(sessions.IsOpenChallenge(Keys[3], challenge), "issued for key 2, answered as key 3");
        var forged = (byte[])challenge.Clone();
        forged[0] ^= 1;
        Assert.IsFalse(sessions.IsOpenChallenge(Keys[2], forged), "a challenge this node did not issue");
        Assert.IsFalse(sessions.IsOpenChallenge(Keys[2], challenge.AsSpan(0, 31)), "a truncated challenge");
        Assert.IsTrue(sessions.UseChallenge(challenge));
        Assert.IsFalse(sessions.IsOpenChallenge(Keys[2], challenge), "used once already");
        Assert.IsFalse(sessions.UseChallenge(challenge), "used once already");

        var late = sessions.IssueChallenge(Keys[2]);
        clock.Now += TimeSpan.FromSeconds(31);
        Assert.IsFalse(sessions.IsOpenChallenge(Keys[2], late), "expired");
        Assert.IsFalse(new PeerSessions(clock).IsOpenChallenge(Keys[2], sessions.IssueChallenge(Keys[2])), "another process's challenge");
    }

    [TestMethod]
    public void A_key_outside_the_directory_gets_a_follower_session_that_may_fetch_blocks_but_not_deliver()
    {
        var sessions = new PeerSessions(new ManualClock());
        sessions.UpdateDirectory([Keys[0], Keys[1]]);
        var (token, role) = sessions.Open(Keys[5], Tls);
        Assert.AreEqual(PeerRole.Follower, role);
        Assert.AreEqual(Keys[5], sessions.Authorize(token, PeerCall.FetchBlocks, Tls).Key);
        var refused = Assert.ThrowsExactly<RpcException>(() => sessions.Authorize(token, PeerCall.Deliver, Tls));
        Assert.AreEqual(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.AreEqual($"{Keys[5].Address} is not a validator of the current epoch: its follower session may only fetch blocks", refused.Status.Detail);

        var (validatorToken, validatorRole) = sessions.Open(Keys[1], Tls);
        Assert.AreEqual(PeerRole.Validator, validatorRole);
        Assert.AreEqual(Keys[1], sessions.Authorize(validatorToken, PeerCall.Deliver, Tls).Key);
    }

    [TestMethod]
    public void Removing_a_key_from_the_directory_ends_its_session_and_refuses_its_next_batch_with_the_reason()
    {
        var sessions = new PeerSessions(new ManualClock());
        sessions.UpdateDirectory([Keys[0], Keys[1]]);
        var (token, _) = sessions.Open(Keys[1], Tls);
        sessions.UpdateDirectory([Keys[0]]);
        Assert.IsNull(sessions.RoleOf(Keys[1]), "its session was dropped");
        foreach (var call in new[] { PeerCall.Deliver, PeerCall.FetchBlocks })
        {
            var refused = Assert.ThrowsExactly<RpcException>(() => sessions.Authorize(token, call, Tls));
            Assert.AreEqual(StatusCode.PermissionDenied, refused.StatusCode, call.ToString());
            StringAssert.StartsWith(refused.Status.Detail, $"{Keys[1].Address} is not a validator of the current epoch: its session ended when the validator set changed");
        }
        // It may still catch up: a new handshake gives it a follower session.
        Assert.AreEqual(PeerRole.Follower, sessions.Open(Keys[1], Tls).Role);
    }

    [TestMethod]
    public void A_re_added_key_gets_a_validator_session_again_and_a_follower_that_is_added_must_handshake_again()
    {
        var sessions = new PeerSessions(new ManualClock());
        sessions.UpdateDirectory([Keys[0]]);
        var (followerToken, _) = sessions.Open(Keys[1], Tls);
        sessions.UpdateDirectory([Keys[0], Keys[1]]);
        Assert.AreEqual(StatusCode.Unauthenticated, Assert.ThrowsExactly<RpcException>(() => sessions.Authorize(followerToken, PeerCall.FetchBlocks, Tls)).StatusCode,
            "the follower session ends when the key is listed, so the next handshake makes it a validator session");
        var (token, role) = sessions.Open(Keys[1], Tls);
        Assert.AreEqual(PeerRole.Validator, role);
        Assert.AreEqual(Keys[1], sessions.Authorize(token, PeerCall.Deliver, Tls).Key);
    }

    [TestMethod]
    public void Follower_sessions_are_capped_and_the_oldest_is_evicted_while_validator_sessions_stay()
    {
        var sessions = new PeerSessions(new ManualClock(), maxFollowers: 3);
        sessions.UpdateDirectory([Keys[0]]);
        var (validatorToken, _) = sessions.Open(Keys[0], Tls);
        var followers = Enumerable.Range(1, 5).Select(i => sessions.Open(Keys[i], Tls).Token).ToList();
        Assert.AreEqual(StatusCode.Unauthenticated, Assert.ThrowsExactly<RpcException>(() => sessions.Authorize(followers[0], PeerCall.FetchBlocks, Tls)).StatusCode);
        Assert.AreEqual(StatusCode.Unauthenticated, Assert.ThrowsExactly<RpcException>(() => sessions.Authorize(followers[1], PeerCall.FetchBlocks, Tls)).StatusCode);
        foreach (var kept in followers.Skip(2))
            sessions.Authorize(kept, PeerCall.FetchBlocks, Tls);
        Assert.AreEqual(Keys[0], sessions.Authorize(validatorToken, PeerCall.Deliver, Tls).Key);
        Assert.AreEqual(1 + 3, Keys.Count(k => sessions.RoleOf(k) is not null));
    }
}
