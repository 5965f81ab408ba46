namespace ChainNode.Node.Home;

/// <summary>
/// The layout of a validator's home folder:
/// <c>genesis.json</c> (the chain's genesis) and <c>data/</c> (the LevelDB ledger).
/// </summary>
public sealed class NodeHome(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string GenesisFile => System.IO.Path.Combine(Path, "genesis.json");

    public string DataDirectory => System.IO.Path.Combine(Path, "data");

    /// <summary>Throws with a clear message when the folder is not a node home.</summary>
    public void RequireExists()
    {
        if (!Directory.Exists(Path))
            throw new CommandException($"home folder '{Path}' does not exist");
        if (!File.Exists(GenesisFile))
            throw new CommandException($"'{Path}' is not a node home: genesis.json is missing");
        if (!Directory.Exists(DataDirectory))
            throw new CommandException($"'{Path}' has no data/ folder: no ledger has been written there yet");
    }
}
