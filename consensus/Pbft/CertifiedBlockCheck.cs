using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// Whether a fetched block may be committed next: it extends the committed head and a quorum of
/// the epoch's validators signed its commit certificate. Used by a voting replica and by a host
/// following an epoch it has no vote in.
/// </summary>
public static class CertifiedBlockCheck
{
    /// <summary>Null with the decoded block if it may commit next; otherwise why not.</summary>
    public static StepOutcome? FindProblem(Block? block, CommitCertificate? certificate, ulong committedHeight, Hash32 committedHash,
        Hash32 genesisHash, int validators, IMessageAuthenticator authenticator, out DecodedBlock? decoded)
    {
        decoded = null;
        if (block is null || certificate is null)
            return StepOutcome.Rejected("a fetched block needs both the block and its certificate");
        try
        {
            decoded = DecodedBlock.From(block);
        }
        catch (FormatException e)
        {
            return StepOutcome.Rejected(e.Message);
        }
        if (!decoded.BodyMatchesHeader())
            return StepOutcome.Rejected($"block {decoded.Height}'s transactions do not match its header's tx root");
        if (decoded.Height != committedHeight + 1)
            return StepOutcome.Ignored($"block {decoded.Height} is not the next height {committedHeight + 1}");
        if (!decoded.Header.PreviousHash.Span.SequenceEqual(committedHash.Span))
            return StepOutcome.Rejected($"block {decoded.Height} does not extend committed block {committedHash}");
        if (CommitCertificateCheck.FindProblem(certificate, genesisHash, decoded.Height, decoded.Hash, validators, authenticator.Verify) is { } problem)
            return StepOutcome.Rejected(problem);
        return null;
    }
}
