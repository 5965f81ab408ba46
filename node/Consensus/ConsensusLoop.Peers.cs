using ChainNode.Consensus.Hosting;
using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Governance;
using Microsoft.Extensions.Logging;

namespace ChainNode.Node.Consensus;

// Where the current epoch's validators are on the peer network: the replica addresses them by
// their index in the epoch's set, the network by their key.
public sealed partial class ConsensusLoop
{
    private IReadOnlyList<Validator> _bootstrap = [];
    private List<Validator> _fetchPeers = [];
    private byte[]? _epochsSeen;

    private void SendToPeers(OutboundMessage message) =>
        _peers.Send(message.To is { } to ? _epoch.Validators[to].PublicKey : null, message.Message);

    // A peer sends only its own messages of the current epoch (a later epoch's are held by the
    // host unchecked and dropped unless their signature verifies once that epoch starts).
    private bool SentByItsSigner(LoopEvent.Inbound inbound)
    {
        var message = inbound.Message;
        if (message.Epoch != _epoch.StartHeight
            || message.Sender < _epoch.Validators.Count && _epoch.Validators[(int)message.Sender].PublicKey.Equals(inbound.From))
            return true;
        _metrics.ConsensusMessageRejected();
        _log.LogWarning("Dropped a consensus message from {Peer} that claims sender {Sender} of the current epoch", inbound.From.Address, message.Sender);
        return false;
    }

    // The network follows the validator sets: this epoch's and the next one's (already on the
    // chain), so the new validators are connected when the switch comes; the others are dropped.
    // Blocks come from the epoch's validators and from the configured bootstrap peers (a node
    // that joins long after genesis may know no validator of genesis that is still up).
    private void OnEpochStarted(ReplicaEpoch started)
    {
        var fetchPeers = _epoch.Validators.Validators.ToList();
        fetchPeers.AddRange(_bootstrap.Where(b => fetchPeers.All(v => !v.PublicKey.Equals(b.PublicKey))));
        _fetchPeers = fetchPeers;
        var self = fetchPeers.FindIndex(v => v.PublicKey.Equals(_key.PublicKey));
        _catchUp = new CatchUpPlanner(self, fetchPeers.Count, _epoch.Validators.MaxFaulty, fetchTimeoutTicks: started.RetryTicks);
        UpdatePeers(_chain.State.ReadEpochs());
    }

    // A change scheduled by a block just committed: connect to the next set before the switch.
    // The state reader hands back the same array while the record is unchanged.
    private void UpdatePeersIfScheduleChanged()
    {
        if (!ReferenceEquals(_chain.State.Get(StateKeys.Epochs), _epochsSeen))
            UpdatePeers(_chain.State.ReadEpochs());
    }

    private void UpdatePeers(Ledger.Protos.EpochHistory history)
    {
        _epochsSeen = _chain.State.Get(StateKeys.Epochs);
        var peers = _bootstrap.ToList();
        peers.AddRange(_epoch.Validators.Validators);
        foreach (var next in history.Epochs.Where(e => e.StartHeight > _epoch.StartHeight))
            peers.AddRange(ValidatorEpoch.From(next).Validators.Validators);
        _peers.UpdatePeers(peers);
        _inbox.Retain(peers.Select(v => v.PublicKey).ToList());
    }
}
