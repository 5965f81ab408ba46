using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Peers;

/// <summary>Validator: listed in the directory, may deliver. Follower: any other key that proved possession, may only fetch blocks.</summary>
public enum PeerRole
{
    Validator,
    Follower,
}

/// <summary>The calls a session is checked for.</summary>
public enum PeerCall
{
    Deliver,
    FetchBlocks,
}

/// <summary>An authenticated peer: its key, and whether it is a validator of the current or next epoch or only a follower.</summary>
public sealed record PeerSession(PublicKey Key, PeerRole Role, Hash32 Certificate);
