namespace ChainNode.Ledger.Blocks;

/// <summary>The ordered validator list; a validator's index is its position in genesis.</summary>
public sealed class ValidatorSet
{
    public ValidatorSet(IReadOnlyList<Validator> validators)
    {
        if (validators.Count == 0)
            throw new ArgumentException("A validator set needs at least one validator.", nameof(validators));
        for (var i = 0; i < validators.Count; i++)
        {
            if (validators[i].Index != i)
                throw new ArgumentException($"Validator '{validators[i].Name}' has index {validators[i].Index} at position {i}.", nameof(validators));
        }
        Validators = validators;
    }

    public IReadOnlyList<Validator> Validators { get; }

    public int Count => Validators.Count;

    public int MaxFaulty => Quorum.MaxFaulty(Count);

    public int QuorumSize => Quorum.Size(Count);

    public int PrimaryIndexOf(ulong view) => Quorum.PrimaryOf(view, Count);

    public Validator this[int index] => Validators[index];
}
