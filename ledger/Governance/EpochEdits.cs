using ChainNode.Ledger.Protos;
using Google.Protobuf;

namespace ChainNode.Ledger.Governance;

/// <summary>
/// Validator and parameter changes to one epoch record. Names, keys and peer addresses stay
/// unique within a set; a validator keeps its name (and place) across a key replace.
/// </summary>
internal static class EpochEdits
{
    /// <summary>Edits <paramref name="epoch"/> in place; returns why the action cannot apply (then the caller discards the record).</summary>
    public static string? Apply(GovernanceAction action, Epoch epoch) => action.KindCase switch
    {
        GovernanceAction.KindOneofCase.ValidatorAdd => Add(action.ValidatorAdd, epoch),
        GovernanceAction.KindOneofCase.ValidatorRemove => Remove(action.ValidatorRemove, epoch),
        GovernanceAction.KindOneofCase.ValidatorReplaceKey => ReplaceKey(action.ValidatorReplaceKey, epoch),
        GovernanceAction.KindOneofCase.ValidatorAddress => ChangeAddress(action.ValidatorAddress, epoch),
        GovernanceAction.KindOneofCase.Parameters => ChangeParameters(action.Parameters, epoch),
        _ => $"{action.KindCase} does not change the validator set",
    };

    private static string? Add(ValidatorAdd add, Epoch epoch)
    {
        if (Find(epoch, add.Name) is not null)
            return $"a validator named '{add.Name}' already exists";
        if (KeyHolder(epoch, add.PublicKey) is { } holder)
            return $"the key is already validator '{holder.Name}''s";
        if (AddressHolder(epoch, add.NetworkAddress) is { } other)
            return $"peer address {add.NetworkAddress} is already validator '{other.Name}''s";
        epoch.Validators.Add(new ValidatorInfo { Name = add.Name, PublicKey = add.PublicKey, NetworkAddress = add.NetworkAddress });
        return null;
    }

    private static string? Remove(string name, Epoch epoch)
    {
        if (Find(epoch, name) is not { } validator)
            return NoSuch(name);
        if (epoch.Validators.Count == 1)
            return $"removing '{name}' would leave no validator";
        epoch.Validators.Remove(validator);
        return null;
    }

    private static string? ReplaceKey(ValidatorKeyReplace replace, Epoch epoch)
    {
        if (Find(epoch, replace.Name) is not { } validator)
            return NoSuch(replace.Name);
        if (KeyHolder(epoch, replace.PublicKey) is { } holder)
            return holder == validator ? $"'{replace.Name}' already has this key" : $"the key is already validator '{holder.Name}''s";
        validator.PublicKey = replace.PublicKey;
        return null;
    }

    private static string? ChangeAddress(ValidatorAddressChange change, Epoch epoch)
    {
        if (Find(epoch, change.Name) is not { } validator)
            return NoSuch(change.Name);
        if (AddressHolder(epoch, change.NetworkAddress) is { } other && other != validator)
            return $"peer address {change.NetworkAddress} is already validator '{other.Name}''s";
        validator.NetworkAddress = change.NetworkAddress;
        return null;
    }

    private static string? ChangeParameters(ConsensusParametersChange change, Epoch epoch)
    {
        var p = epoch.Parameters ??= new ConsensusParameters();
        if (change.HasMaxTxsPerBlock)
            p.MaxTxsPerBlock = change.MaxTxsPerBlock;
        if (change.HasMaxBlockBytes)
            p.MaxBlockBytes = change.MaxBlockBytes;
        if (change.HasTargetBlockIntervalMs)
            p.TargetBlockIntervalMs = change.TargetBlockIntervalMs;
        if (change.HasViewChangeTimeoutMs)
            p.ViewChangeTimeoutMs = change.ViewChangeTimeoutMs;
        if (change.HasCheckpointInterval)
            p.CheckpointInterval = change.CheckpointInterval;
        if (change.HasGasPrice)
            p.GasPrice = change.GasPrice;
        return null; // the bounds are checked on the whole epoch, with its set, by the caller
    }

    private static ValidatorInfo? Find(Epoch epoch, string name) => epoch.Validators.FirstOrDefault(v => v.Name == name);

    private static ValidatorInfo? KeyHolder(Epoch epoch, ByteString key) => epoch.Validators.FirstOrDefault(v => v.PublicKey == key);

    private static ValidatorInfo? AddressHolder(Epoch epoch, string address) =>
        epoch.Validators.FirstOrDefault(v => string.Equals(v.NetworkAddress, address, StringComparison.OrdinalIgnoreCase));

    private static string NoSuch(string name) => $"no validator is named '{name}'";
}
