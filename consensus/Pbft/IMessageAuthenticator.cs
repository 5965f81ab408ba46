using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// Signs this replica's messages and checks other validators' signatures. Injected so the core
/// stays pure: production uses secp256k1, the simulator a fast keyed hash.
/// </summary>
public interface IMessageAuthenticator
{
    byte[] Sign(Hash32 digest);

    bool Verify(int validator, Hash32 digest, ReadOnlySpan<byte> signature);
}
