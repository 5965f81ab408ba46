using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Blocks;

/// <summary>Checks one validator's commit signature over a commit digest.</summary>
public delegate bool CommitSignatureCheck(int validator, Hash32 digest, ReadOnlySpan<byte> signature);

/// <summary>
/// The one check that a commit certificate proves a block final: it names the block, and a
/// quorum of distinct validators signed CommitDigest(genesis, height, certificate view, block hash).
/// The signature scheme is passed in, so the ledger (secp256k1), the consensus core and the
/// simulator all apply the same rule.
/// </summary>
public static class CommitCertificateCheck
{
    /// <summary>Returns null if the certificate is valid, otherwise the first problem found.</summary>
    public static string? FindProblem(CommitCertificate? certificate, Hash32 genesisHash, ulong height, Hash32 blockHash, int validators, CommitSignatureCheck verify)
    {
        if (certificate is null)
            return "the block has no commit certificate";
        if (!certificate.BlockHash.Span.SequenceEqual(blockHash.Span))
            return $"the certificate is for block {Convert.ToHexStringLower(certificate.BlockHash.Span)}, not {blockHash}";
        var digest = CommitDigest.For(genesisHash, height, certificate.View, blockHash);
        var seen = new bool[validators];
        var valid = 0;
        foreach (var vote in certificate.Signatures)
        {
            if (vote.ValidatorIndex >= validators)
                return $"signature from validator index {vote.ValidatorIndex}, but there are only {validators} validators";
            if (seen[vote.ValidatorIndex])
                return $"validator {vote.ValidatorIndex} signed twice";
            seen[vote.ValidatorIndex] = true;
            if (!verify((int)vote.ValidatorIndex, digest, vote.Signature.Span))
                return $"the signature of validator {vote.ValidatorIndex} does not verify";
            valid++;
        }
        var quorum = Quorum.Size(validators);
        return valid >= quorum ? null : $"only {valid} validator signatures; a quorum of {quorum} of {validators} is needed";
    }
}
