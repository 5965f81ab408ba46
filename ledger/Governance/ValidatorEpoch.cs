using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;

namespace ChainNode.Ledger.Governance;

/// <summary>A validator set and its consensus parameters, in force from <see cref="StartHeight"/> until the next epoch starts.</summary>
public sealed record ValidatorEpoch(ulong StartHeight, ValidatorSet Validators, ConsensusParameters Parameters)
{
    public static ValidatorEpoch From(Epoch epoch) =>
        new(epoch.StartHeight, ToSet(epoch.Validators), epoch.ParametersOrDefault());

    public static ValidatorSet ToSet(IEnumerable<ValidatorInfo> validators) =>
        new(validators.Select((v, i) => new Validator(i, v.Name, PublicKey.FromBytes(v.PublicKey.Span), v.NetworkAddress)).ToList());

    public static Epoch ToRecord(ulong startHeight, ValidatorSet validators, ConsensusParameters parameters)
    {
        var epoch = new Epoch { StartHeight = startHeight, Parameters = parameters.Clone() };
        epoch.Validators.AddRange(validators.Validators.Select(ToInfo));
        return epoch;
    }

    public static ValidatorInfo ToInfo(Validator v) =>
        new() { Name = v.Name, PublicKey = Google.Protobuf.ByteString.CopyFrom(v.PublicKey.Span), NetworkAddress = v.NetworkAddress };

    /// <summary>This set's index of the validator holding <paramref name="key"/>, or null if it is not in the set.</summary>
    public int? IndexOf(PublicKey key) =>
        Validators.Validators.FirstOrDefault(v => v.PublicKey.Equals(key)) is { } found ? found.Index : null;
}
