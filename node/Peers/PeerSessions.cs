using System.Security.Cryptography;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Peers;

/// <summary>
/// Server side of the handshake: one outstanding challenge per claimed validator (replaced by
/// a newer one, expiring after a while), and one session token per authenticated validator.
/// Thread-safe; bounded by the validator count.
/// </summary>
public sealed class PeerSessions(int validatorCount, TimeProvider clock)
{
    private static readonly TimeSpan ChallengeLifetime = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private readonly (byte[] Challenge, DateTimeOffset Issued)?[] _challenges = new (byte[], DateTimeOffset)?[validatorCount];
    private readonly Dictionary<Hash32, int> _sessions = [];
    private readonly Hash32?[] _sessionOf = new Hash32?[validatorCount];

    public byte[] IssueChallenge(int validator)
    {
        var challenge = RandomNumberGenerator.GetBytes(32);
        lock (_gate)
            _challenges[validator] = (challenge, clock.GetUtcNow());
        return challenge;
    }

    /// <summary>Consumes the validator's challenge if it matches and is fresh.</summary>
    public bool TakeChallenge(int validator, ReadOnlySpan<byte> challenge)
    {
        lock (_gate)
        {
            if (_challenges[validator] is not { } issued || !issued.Challenge.AsSpan().SequenceEqual(challenge))
                return false;
            _challenges[validator] = null;
            return clock.GetUtcNow() - issued.Issued <= ChallengeLifetime;
        }
    }

    /// <summary>Starts a session for an authenticated validator, ending its previous one.</summary>
    public byte[] Open(int validator)
    {
        var token = RandomNumberGenerator.GetBytes(Hash32.Length);
        lock (_gate)
        {
            if (_sessionOf[validator] is { } old)
                _sessions.Remove(old);
            var key = new Hash32(token);
            _sessions[key] = validator;
            _sessionOf[validator] = key;
        }
        return token;
    }

    public int? Find(ReadOnlySpan<byte> token)
    {
        if (token.Length != Hash32.Length)
            return null;
        lock (_gate)
            return _sessions.TryGetValue(new Hash32(token), out var validator) ? validator : null;
    }
}
