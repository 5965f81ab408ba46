using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Consensus.Pbft;

/// <summary>
/// Opens signed messages and checks the proofs carried inside view changes (prepared
/// certificates, checkpoint proofs). Every failure returns a reason instead of throwing.
/// </summary>
internal sealed class MessageVerifier(ConsensusConfig config, IMessageAuthenticator authenticator)
{
    /// <summary>Parses and authenticates a signed message: <see cref="TryParse"/>, then <see cref="Authentic"/>.</summary>
    public bool TryOpen<T>(SignedMessage message, MessageKind kind, MessageParser<T> parser, out T payload, out string? error)
        where T : IMessage<T> =>
        TryParse(message, kind, parser, out payload, out error) && Authentic(message, payload, out error);

    /// <summary>
    /// Parses a message without checking its signature, so the caller can drop stale, duplicate
    /// and out-of-window messages before paying for <see cref="Authentic"/>. Nothing parsed here
    /// may change state until the signature is checked.
    /// </summary>
    public bool TryParse<T>(SignedMessage message, MessageKind kind, MessageParser<T> parser, out T payload, out string? error)
        where T : IMessage<T>
    {
        payload = default!;
        if (message.Kind != kind)
        {
            error = $"expected {kind}, got {message.Kind}";
            return false;
        }
        if (message.Epoch != config.EpochStart)
        {
            error = $"{kind} from the epoch starting at height {message.Epoch}; this replica serves the epoch starting at {config.EpochStart}";
            return false;
        }
        if (message.Sender >= config.ValidatorCount)
        {
            error = $"sender {message.Sender} is not a validator";
            return false;
        }
        try
        {
            payload = parser.ParseFrom(message.Payload.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            error = $"malformed {kind} payload: {e.Message}";
            return false;
        }
        if (payload is Commit commit && commit.BlockHash.Length != Hash32.Length)
        {
            error = "commit block hash is not 32 bytes";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>Checks the sender's signature on a message already parsed by <see cref="TryParse"/>.</summary>
    public bool Authentic(SignedMessage message, IMessage payload, out string? error)
    {
        var digest = MessageDigest.Of(config.GenesisHash, message, payload);
        if (!authenticator.Verify((int)message.Sender, digest, message.Signature.Span))
        {
            error = $"bad signature on {message.Kind} from validator {message.Sender}";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>Checks a prepared certificate: the block, and a quorum of distinct matching PREPAREs.</summary>
    public DecodedBlock? CheckPrepared(PreparedCertificate certificate, out string? error)
    {
        if (certificate.Block is null)
        {
            error = "prepared certificate without a block";
            return null;
        }
        DecodedBlock block;
        try
        {
            block = DecodedBlock.From(certificate.Block);
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
        if (block.Height != certificate.Height)
        {
            error = $"prepared certificate for height {certificate.Height} holds block {block.Height}";
            return null;
        }
        if (!block.BodyMatchesHeader())
        {
            error = $"prepared block {block.Height}'s transactions do not match its header";
            return null;
        }
        if (certificate.Prepares.Count > config.ValidatorCount)
        {
            error = $"prepared certificate carries {certificate.Prepares.Count} prepares for {config.ValidatorCount} validators";
            return null;
        }
        var senders = new bool[config.ValidatorCount];
        var count = 0;
        foreach (var message in certificate.Prepares)
        {
            if (message.Sender < config.ValidatorCount && senders[message.Sender])
            {
                error = $"prepared certificate repeats validator {message.Sender}";
                return null;
            }
            if (!TryOpen(message, MessageKind.Prepare, Prepare.Parser, out var prepare, out error))
                return null;
            if (prepare.View != certificate.View || prepare.Height != certificate.Height || !prepare.BlockHash.Span.SequenceEqual(block.Hash.Span))
            {
                error = "a prepare in the certificate is for another view, height or block";
                return null;
            }
            if (!senders[message.Sender])
            {
                senders[message.Sender] = true;
                count++;
            }
        }
        if (count < config.QuorumSize)
        {
            error = $"prepared certificate has {count} distinct prepares, a quorum is {config.QuorumSize}";
            return null;
        }
        error = null;
        return block;
    }

    /// <summary>Checks that a quorum of distinct validators signed CHECKPOINT(height, hash).</summary>
    public bool CheckCheckpointProof(ulong height, Hash32 hash, IEnumerable<SignedMessage> proof, out string? error)
    {
        if (height == config.BaseHeight)
        {
            error = hash == config.BaseHash ? null : $"checkpoint at height {height} is not the block this epoch starts from";
            return error is null;
        }
        var senders = new bool[config.ValidatorCount];
        var count = 0;
        foreach (var message in proof)
        {
            if (message.Sender < config.ValidatorCount && senders[message.Sender] || count >= config.ValidatorCount)
            {
                error = "checkpoint proof repeats a validator";
                return false;
            }
            if (!TryOpen(message, MessageKind.Checkpoint, Checkpoint.Parser, out var checkpoint, out error))
                return false;
            if (checkpoint.Height != height || !checkpoint.BlockHash.Span.SequenceEqual(hash.Span))
            {
                error = "a checkpoint in the proof is for another height or block";
                return false;
            }
            if (!senders[message.Sender])
            {
                senders[message.Sender] = true;
                count++;
            }
        }
        error = count >= config.QuorumSize ? null : $"checkpoint proof has {count} signers, a quorum is {config.QuorumSize}";
        return error is null;
    }

    /// <summary>Opens and fully checks a VIEW-CHANGE: its checkpoint proof and every prepared certificate.</summary>
    public VerifiedViewChange? CheckViewChange(SignedMessage message, out string? error)
    {
        if (!TryOpen(message, MessageKind.ViewChange, ViewChange.Parser, out var viewChange, out error))
            return null;
        if (viewChange.CheckpointHash.Length != Hash32.Length)
        {
            error = "view change checkpoint hash is not 32 bytes";
            return null;
        }
        var checkpointHash = new Hash32(viewChange.CheckpointHash.Span);
        if (!CheckCheckpointProof(viewChange.CheckpointHeight, checkpointHash, viewChange.CheckpointProof, out error))
            return null;
        if (viewChange.Prepared.Count > (int)config.LogSize)
        {
            error = $"view change carries {viewChange.Prepared.Count} prepared certificates; the window holds {config.LogSize}";
            return null;
        }
        var prepared = new List<(PreparedCertificate, DecodedBlock)>();
        ulong lastHeight = viewChange.CheckpointHeight;
        foreach (var certificate in viewChange.Prepared)
        {
            if (certificate.Height <= lastHeight || certificate.Height > viewChange.CheckpointHeight + config.LogSize)
            {
                error = "view change prepared certificates are not in increasing height order within the window above the checkpoint";
                return null;
            }
            if (certificate.View >= viewChange.NewView)
            {
                error = "view change carries a certificate from a view not before the new view";
                return null;
            }
            var block = CheckPrepared(certificate, out error);
            if (block is null)
                return null;
            prepared.Add((certificate, block));
            lastHeight = certificate.Height;
        }
        return new VerifiedViewChange((int)message.Sender, message, viewChange, checkpointHash, prepared);
    }
}

/// <summary>A VIEW-CHANGE whose proofs have been checked.</summary>
internal sealed record VerifiedViewChange(
    int Sender,
    SignedMessage Message,
    ViewChange ViewChange,
    Hash32 CheckpointHash,
    IReadOnlyList<(PreparedCertificate Certificate, DecodedBlock Block)> Prepared);
