using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Consensus.Pbft;

// Catching up: when a replica holds proof that heights it lacks were committed (a commit quorum
// without the block, a stable checkpoint or NEW-VIEW base above it), it asks the shell to fetch
// those blocks with their certificates and feeds them back through DeliverCertifiedBlock.
public sealed partial class Replica
{
    private ulong _catchUpTarget;
    private int _ticksSinceCatchUpRequest;

    private void RequestCatchUp(ulong height)
    {
        if (height <= CommittedHeight || height <= _catchUpTarget)
            return;
        _catchUpTarget = height;
        _ticksSinceCatchUpRequest = 0;
        _ready.CatchUp = new CatchUpRequest(CommittedHeight + 1, height);
    }

    // A fetch can fail (the peer asked was down); ask again after a timeout's worth of ticks.
    private void MaybeRepeatCatchUp()
    {
        if (_catchUpTarget <= CommittedHeight)
            return;
        if (++_ticksSinceCatchUpRequest < _config.ViewChangeTimeoutTicks)
            return;
        _ticksSinceCatchUpRequest = 0;
        _ready.CatchUp = new CatchUpRequest(CommittedHeight + 1, _catchUpTarget);
    }

    /// <summary>
    /// Accepts a fetched block for the next height if its certificate proves it: a quorum of
    /// distinct validators' commit signatures from one view over this height and hash.
    /// </summary>
    public StepOutcome DeliverCertifiedBlock(Block block, CommitCertificate certificate)
    {
        ThrowIfReadyOutstanding();
        if (CertifiedBlockCheck.FindProblem(block, certificate, CommittedHeight, CommittedHash, _config.GenesisHash, _config.ValidatorCount, _authenticator, out var decoded) is { } problem)
            return problem;
        var slot = Slot(decoded!.Height);
        slot.Remember(decoded);
        if (slot.CommittedHash != decoded.Hash)
        {
            slot.CommittedHash = decoded.Hash;
            slot.Certificate = certificate;
        }
        DeliverInOrder();
        return StepOutcome.Accepted;
    }
}
