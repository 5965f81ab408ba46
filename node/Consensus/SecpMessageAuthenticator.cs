using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Consensus;

/// <summary>
/// Signs consensus messages with this validator's secp256k1 key and checks others' against the
/// epoch's set, remembering those found valid in <paramref name="verified"/> (the chain's memo,
/// so a COMMIT checked here is not checked again when its certificate is committed).
/// </summary>
public sealed class SecpMessageAuthenticator(PrivateKey key, ValidatorSet validators, VerifiedSignatures? verified = null) : IMessageAuthenticator
{
    private readonly VerifiedSignatures _verified = verified ?? new VerifiedSignatures();

    public byte[] Sign(Hash32 digest) => key.Sign(digest);

    public bool Verify(int validator, Hash32 digest, ReadOnlySpan<byte> signature) =>
        validator >= 0 && validator < validators.Count && _verified.Verify(validators[validator].PublicKey, digest, signature);
}
