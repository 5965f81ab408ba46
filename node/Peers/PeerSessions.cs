using System.Buffers.Binary;
using System.Security.Cryptography;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;
using Grpc.Core;

namespace ChainNode.Node.Peers;

/// <summary>
/// Server side of the handshake, and one session token per authenticated key.
/// Challenges are stateless: each carries its issue time and a MAC under a secret of this
/// process over the claimed public key, so a stranger asking for challenges in a loop replaces
/// nothing and fills nothing (it once replaced the single challenge kept per validator and so
/// made the real validator's handshakes fail). A challenge is good for one successful handshake
/// within its lifetime.
/// A key in the directory (the validators of the current and next scheduled epoch) gets a
/// validator session; any other key that proves possession gets a follower session, good only
/// for fetching blocks, and at most <paramref name="maxFollowers"/> of those exist (the oldest
/// is evicted), so strangers cannot fill memory. When the directory changes, the sessions of
/// keys that changed role end. Thread-safe; bounded by the directory size plus the caps.
/// </summary>
public sealed class PeerSessions(TimeProvider clock, int maxFollowers = PeerSessions.DefaultMaxFollowers)
{
    public const int DefaultMaxFollowers = 8;
    private const int MaxEndedRemembered = 64;
    private static readonly TimeSpan ChallengeLifetime = TimeSpan.FromSeconds(30);
    private const int NonceBytes = 12;
    private const int StampBytes = 8;
    private const int MacBytes = 12;
    public const int ChallengeBytes = NonceBytes + StampBytes + MacBytes;

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly Lock _gate = new();
    private readonly Dictionary<Hash32, DateTimeOffset> _used = [];
    private readonly Dictionary<Hash32, PeerSession> _sessions = [];
    private readonly Dictionary<PublicKey, Hash32> _sessionOf = [];
    private readonly List<Hash32> _followers = []; // oldest first
    // Tokens of validator sessions ended by a set change, so their next call gets the reason.
    private readonly Dictionary<Hash32, PublicKey> _ended = [];
    private readonly Queue<Hash32> _endedOrder = new();
    private HashSet<PublicKey> _directory = [];

    public byte[] IssueChallenge(PublicKey claimed)
    {
        var challenge = new byte[ChallengeBytes];
        RandomNumberGenerator.Fill(challenge.AsSpan(0, NonceBytes));
        BinaryPrimitives.WriteInt64BigEndian(challenge.AsSpan(NonceBytes), clock.GetUtcNow().ToUnixTimeMilliseconds());
        Mac(claimed, challenge.AsSpan(0, NonceBytes + StampBytes), challenge.AsSpan(NonceBytes + StampBytes));
        return challenge;
    }

    /// <summary>True if this process issued <paramref name="challenge"/> for <paramref name="claimed"/>, it is fresh, and no handshake used it yet.</summary>
    public bool IsOpenChallenge(PublicKey claimed, ReadOnlySpan<byte> challenge)
    {
        if (challenge.Length != ChallengeBytes)
            return false;
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(claimed, challenge[..(NonceBytes + StampBytes)], expected);
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

    private void Mac(PublicKey claimed, ReadOnlySpan<byte> nonceAndStamp, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[Secp256k1.CompressedPublicKeyLength + NonceBytes + StampBytes];
        claimed.Span.CopyTo(input);
        nonceAndStamp.CopyTo(input[Secp256k1.CompressedPublicKeyLength..]);
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, input, full);
        full[..MacBytes].CopyTo(destination);
    }

    /// <summary>
    /// The keys that get validator sessions from now on. Ends the validator sessions of keys no
    /// longer listed (their next call is refused with the reason) and the follower sessions of
    /// keys now listed (they handshake again and get a validator session).
    /// </summary>
    public void UpdateDirectory(IEnumerable<PublicKey> validators)
    {
        var directory = validators.ToHashSet();
        lock (_gate)
        {
            _directory = directory;
            foreach (var (token, session) in _sessions.ToList())
            {
                var listed = directory.Contains(session.Key);
                if (session.Role == PeerRole.Validator && !listed)
                {
                    End(token, session.Key);
                    Remember(token, session.Key);
                }
                else if (session.Role == PeerRole.Follower && listed)
                {
                    End(token, session.Key);
                }
            }
        }
    }

    /// <summary>
    /// Starts a session for a key that proved possession over a TLS connection with client
    /// certificate <paramref name="certificate"/> (its SHA-256), ending its previous one; its role
    /// follows the directory. The token is good only with that certificate.
    /// </summary>
    public (byte[] Token, PeerRole Role) Open(PublicKey key, Hash32 certificate)
    {
        var token = RandomNumberGenerator.GetBytes(Hash32.Length);
        var id = new Hash32(token);
        lock (_gate)
        {
            if (_sessionOf.TryGetValue(key, out var old))
                End(old, key);
            var role = _directory.Contains(key) ? PeerRole.Validator : PeerRole.Follower;
            if (role == PeerRole.Follower)
            {
                if (_followers.Count >= maxFollowers)
                    End(_followers[0], _sessions[_followers[0]].Key);
                _followers.Add(id);
            }
            _sessions[id] = new PeerSession(key, role, certificate);
            _sessionOf[key] = id;
            return (token, role);
        }
    }

    /// <summary>
    /// The session <paramref name="token"/> names, if it may make <paramref name="call"/> over a
    /// connection with client certificate <paramref name="certificate"/>; otherwise the precise refusal.
    /// </summary>
    public PeerSession Authorize(ReadOnlySpan<byte> token, PeerCall call, Hash32 certificate)
    {
        if (token.Length == Hash32.Length)
        {
            var id = new Hash32(token);
            lock (_gate)
            {
                if (_sessions.TryGetValue(id, out var session) && session.Certificate == certificate)
                {
                    if (call == PeerCall.Deliver && session.Role == PeerRole.Follower)
                        throw new RpcException(new Status(StatusCode.PermissionDenied, $"{session.Key.Address} is not a validator of the current epoch: its follower session may only fetch blocks"));
                    return session;
                }
                if (_ended.TryGetValue(id, out var removed))
                    throw new RpcException(new Status(StatusCode.PermissionDenied, $"{removed.Address} is not a validator of the current epoch: its session ended when the validator set changed (a new handshake gives a follower session, which may only fetch blocks)"));
            }
        }
        throw new RpcException(new Status(StatusCode.Unauthenticated, "no valid peer session: handshake first"));
    }

    /// <summary>The role of <paramref name="key"/>'s open session, if it has one.</summary>
    public PeerRole? RoleOf(PublicKey key)
    {
        lock (_gate)
            return _sessionOf.TryGetValue(key, out var id) ? _sessions[id].Role : null;
    }

    private void End(Hash32 token, PublicKey key)
    {
        _sessions.Remove(token);
        _followers.Remove(token);
        if (_sessionOf.TryGetValue(key, out var current) && current == token)
            _sessionOf.Remove(key);
    }

    private void Remember(Hash32 token, PublicKey key)
    {
        if (_endedOrder.Count >= MaxEndedRemembered)
            _ended.Remove(_endedOrder.Dequeue());
        _ended[token] = key;
        _endedOrder.Enqueue(token);
    }
}
