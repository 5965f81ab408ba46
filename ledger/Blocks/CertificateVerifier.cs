using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Blocks;

/// <summary>Checks that a commit certificate proves finality of the block at a height under a validator set.</summary>
public static class CertificateVerifier
{
    /// <summary>Returns null if the certificate is valid, otherwise the first problem found.</summary>
    public static string? FindProblem(CommitCertificate? certificate, ulong height, Hash32 blockHash, ValidatorSet validators)
    {
        if (certificate is null)
            return "the block has no commit certificate";
        if (!certificate.BlockHash.Span.SequenceEqual(blockHash.Span))
            return $"the certificate is for block {Convert.ToHexStringLower(certificate.BlockHash.Span)}, not {blockHash}";
        var digest = CommitDigest.For(height, certificate.View, blockHash);
        var seen = new bool[validators.Count];
        var valid = 0;
        foreach (var vote in certificate.Signatures)
        {
            if (vote.ValidatorIndex >= validators.Count)
                return $"signature from validator index {vote.ValidatorIndex}, but there are only {validators.Count} validators";
            if (seen[vote.ValidatorIndex])
                return $"validator {vote.ValidatorIndex} signed twice";
            seen[vote.ValidatorIndex] = true;
            if (!validators[(int)vote.ValidatorIndex].PublicKey.Verify(digest, vote.Signature.Span))
                return $"the signature of validator {vote.ValidatorIndex} ({validators[(int)vote.ValidatorIndex].Name}) does not verify";
            valid++;
        }
        if (valid < validators.QuorumSize)
            return $"only {valid} validator signatures; a quorum of {validators.QuorumSize} of {validators.Count} is needed";
        return null;
    }
}
