using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Genesis;
using ChainNode.Node.Configuration;
using ChainNode.Node.Tls;

namespace ChainNode.Node.Home;

/// <summary>
/// The layout of a validator's home folder: <c>config.json</c> (listen addresses, limits),
/// <c>genesis.json</c> (the chain), <c>validator.key</c> (mode 0600) and <c>data/</c> (the
/// LevelDB ledger, mode 0700), and the TLS pair <c>tls.crt</c> / <c>tls.key</c> (mode 0600).
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

    /// <summary>Refuses a folder that holds anything: a new home never overwrites keys or a ledger.</summary>
    public static void RequireAbsentOrEmpty(string directory)
    {
        if (File.Exists(directory) || (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any()))
            throw new CommandException($"'{System.IO.Path.GetFullPath(directory)}' already exists and is not empty; choose another --out or remove it");
    }

    /// <summary>Writes a new validator home: config.json, the key (mode 0600) and data/ (mode 0700).</summary>
    public void Initialize(NodeConfig config, PrivateKey key)
    {
        Directory.CreateDirectory(Path);
        NodeConfigFile.Save(ConfigFile, config);
        KeyFile.Write(Resolve(config.ValidatorKeyFile), key);
        EnsureTls(config);
        EnsurePrivateDataDirectory();
    }

    /// <summary>
    /// The node's TLS identity; when neither file exists yet (a home from before TLS, or one
    /// whose pair was deleted to rotate it) a new self-signed pair is written first.
    /// </summary>
    public TlsIdentity EnsureTls(NodeConfig config)
    {
        var certificate = Resolve(config.Tls.CertificateFile);
        var key = Resolve(config.Tls.KeyFile);
        if (!File.Exists(certificate) && !File.Exists(key))
            TlsIdentity.Create(certificate, key, string.IsNullOrEmpty(config.Name) ? "chainnode" : config.Name);
        return TlsIdentity.Load(certificate, key);
    }

    /// <summary>
    /// Puts the shared genesis into a home made by 'chainnode keygen' (which cannot know it yet).
    /// A home that already has one keeps it, and a file for a different chain is refused.
    /// </summary>
    public void InstallGenesis(string file)
    {
        if (!Directory.Exists(Path))
            throw new CommandException($"home folder '{Path}' does not exist");
        var offered = GenesisBlock.Create(GenesisLoader.LoadFile(file)).Block.Hash;
        if (!File.Exists(GenesisFile))
        {
            File.Copy(file, GenesisFile);
            return;
        }
        var installed = GenesisBlock.Create(GenesisLoader.LoadFile(GenesisFile)).Block.Hash;
        if (installed != offered)
            throw new CommandException($"'{Path}' already runs the chain with genesis block {installed}, but {file} defines genesis block {offered}; a home belongs to one chain");
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
