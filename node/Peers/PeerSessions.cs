using System.Buffers.Binary;
using System.Security.Cryptography;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Peers;

/// <summary>
/// Server side of the handshake, and one session token per authenticated validator.
/// Challenges are stateless: each carries its issue time and a MAC under a secret of this
/// process over the claimed validator index, so a stranger asking for challenges in a loop
/// replaces nothing and fills nothing (it once replaced the single challenge kept per index
/// and so made the real validator's handshakes fail). A challenge is good for one successful
/// handshake within its lifetime. Thread-safe; bounded by the validator count and the rate of
/// successful handshakes.
/// </summary>
public sealed class PeerSessions(int validatorCount, TimeProvider clock)
{
    private static readonly TimeSpan ChallengeLifetime = TimeSpan.FromSeconds(30);
    private const int NonceBytes = 12;
    private const int StampBytes = 8;
    private const int MacBytes = 12;
    public const int ChallengeBytes = NonceBytes + StampBytes + MacBytes;

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly Lock _gate = new();
    private readonly Dictionary<Hash32, DateTimeOffset> _used = [];
    private readonly Dictionary<Hash32, int> _sessions = [];
    private readonly Hash32?[] _sessionOf = new Hash32?[validatorCount];

    public byte[] IssueChallenge(int validator)
    {
        var challenge = new byte[ChallengeBytes];
        RandomNumberGenerator.Fill(challenge.AsSpan(0, NonceBytes));
        BinaryPrimitives.WriteInt64BigEndian(challenge.AsSpan(NonceBytes), clock.GetUtcNow().ToUnixTimeMilliseconds());
        Mac(validator, challenge.AsSpan(0, NonceBytes + StampBytes), challenge.AsSpan(NonceBytes + StampBytes));
        return challenge;
    }

    /// <summary>True if this process issued <paramref name="challenge"/> for <paramref name="validator"/>, it is fresh, and no handshake used it yet.</summary>
    public bool IsOpenChallenge(int validator, ReadOnlySpan<byte> challenge)
    {
        if (challenge.Length != ChallengeBytes)
            return false;
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(validator, challenge[..(NonceBytes + StampBytes)], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, challenge[(NonceBytes + StampBytes)..]))
            return false;
        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(challenge[NonceBytes..]));
        var age = clock.GetUtcNow() - issued;
        if (age < TimeSpan.Zero || age > ChallengeLifetime)
            return false;
        lock (_gate)
            return !_used.ContainsKey(Hash32.Compute(challenge));
    }

    /// <summary>
    /// Marks a challenge used once its handshake proved the key (so strangers cannot fill the
    /// record); false if another handshake used it first.
    /// </summary>
    public bool UseChallenge(ReadOnlySpan<byte> challenge)
    {
        var now = clock.GetUtcNow();
        var key = Hash32.Compute(challenge);
        lock (_gate)
        {
            foreach (var (old, at) in _used)
            {
                if (now - at > ChallengeLifetime)
                    _used.Remove(old); // past its lifetime a challenge is refused anyway
            }
            return _used.TryAdd(key, now);
        }
    }

    private void Mac(int validator, ReadOnlySpan<byte> nonceAndStamp, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[4 + NonceBytes + StampBytes];
        BinaryPrimitives.WriteInt32BigEndian(input, validator);
        nonceAndStamp.CopyTo(input[4..]);
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, input, full);
        full[..MacBytes].CopyTo(destination);
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
