using ChainNode.Ledger.Crypto;

namespace ChainNode.Node.Home;

/// <summary>
/// A private key stored as one line of hex in a file only its owner can read (mode 0600), the
/// way validator keys are kept by most BFT nodes. Keys for people belong in the wallet's
/// encrypted keystore instead.
/// </summary>
public static class KeyFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, PrivateKey key)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnly;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(key.ToHex());
        }
    }

    public static PrivateKey Read(string path)
    {
        if (!File.Exists(path))
            throw new CommandException($"key file '{path}' does not exist");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            throw new CommandException($"key file '{path}' is readable by other users; run: chmod 600 {path}");
        try
        {
            return PrivateKey.FromHex(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new CommandException($"key file '{path}' does not hold a private key: {e.Message}");
        }
    }
}
