namespace ChainNode.Ledger.Genesis;

/// <summary>genesis.json is invalid; <see cref="Errors"/> lists every problem with its field path.</summary>
public sealed class GenesisException(string source, IReadOnlyList<string> errors)
    : Exception($"{source} is not a valid genesis file:" + string.Concat(errors.Select(e => Environment.NewLine + "  " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
