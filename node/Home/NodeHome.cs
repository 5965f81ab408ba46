namespace ChainNode.Node.Home;

/// <summary>
/// The layout of a validator's home folder: <c>config.json</c> (listen addresses, limits),
/// <c>genesis.json</c> (the chain), <c>validator.key</c> (mode 0600) and <c>data/</c> (the
/// LevelDB ledger, mode 0700).
/// </summary>
public sealed class NodeHome(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string GenesisFile => System.IO.Path.Combine(Path, "genesis.json");

    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");

    public string DataDirectory => System.IO.Path.Combine(Path, "data");

    public string Resolve(string relative) => System.IO.Path.GetFullPath(relative, Path);

    /// <summary>Throws with a clear message when the folder is not a node home with a ledger.</summary>
    public void RequireExists()
    {
        RequireFolderAndGenesis();
        if (!Directory.Exists(DataDirectory))
            throw new CommandException($"'{Path}' has no data/ folder: no ledger has been written there yet");
    }

    /// <summary>Throws unless the folder can run a validator (the ledger is created on first run).</summary>
    public void RequireRunnable()
    {
        RequireFolderAndGenesis();
        if (!File.Exists(ConfigFile))
            throw new CommandException($"'{Path}' is not a validator home: config.json is missing (create one with 'chainnode init')");
    }

    /// <summary>Creates data/ readable only by its owner: the ledger is nobody else's business to touch.</summary>
    public void EnsurePrivateDataDirectory()
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(DataDirectory);
        else
            Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private void RequireFolderAndGenesis()
    {
        if (!Directory.Exists(Path))
            throw new CommandException($"home folder '{Path}' does not exist");
        if (!File.Exists(GenesisFile))
            throw new CommandException($"'{Path}' is not a node home: genesis.json is missing");
    }
}
