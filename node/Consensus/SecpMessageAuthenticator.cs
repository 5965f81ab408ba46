using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Consensus;

/// <summary>Signs consensus messages with this validator's secp256k1 key and checks others' against genesis.</summary>
public sealed class SecpMessageAuthenticator(PrivateKey key, ValidatorSet validators) : IMessageAuthenticator
{
    public byte[] Sign(Hash32 digest) => key.Sign(digest);

    public bool Verify(int validator, Hash32 digest, ReadOnlySpan<byte> signature) =>
        validator >= 0 && validator < validators.Count && validators[validator].PublicKey.Verify(digest, signature);
}
