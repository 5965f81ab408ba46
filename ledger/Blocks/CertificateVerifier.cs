using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Blocks;

/// <summary>Checks that a commit certificate proves finality of the block at a height on the chain named by its genesis hash, under a validator set.</summary>
public static class CertificateVerifier
{
    /// <summary>
    /// Returns null if the certificate is valid, otherwise the first problem found. Signatures
    /// already in <paramref name="verified"/> are not checked again; those checked are added.
    /// </summary>
    public static string? FindProblem(CommitCertificate? certificate, Hash32 genesisHash, ulong height, Hash32 blockHash, ValidatorSet validators,
        VerifiedSignatures? verified = null) =>
        CommitCertificateCheck.FindProblem(certificate, genesisHash, height, blockHash, validators.Count,
            verified is null
                ? (validator, digest, signature) => validators[validator].PublicKey.Verify(digest, signature)
                : (validator, digest, signature) => verified.Verify(validators[validator].PublicKey, digest, signature));
}
