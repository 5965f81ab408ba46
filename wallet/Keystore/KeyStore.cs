using System.Text.Json;
using System.Text.RegularExpressions;
using ChainNode.Wallet.Cli;

namespace ChainNode.Wallet.Keystore;

/// <summary>
/// The keystore directory (mode 0700): one <c>NAME.json</c> file per key (mode 0600), written
/// to a temporary file and renamed into place so a crash never leaves half a key.
/// </summary>
public sealed partial class KeyStore(string directory)
{
    public string Directory { get; } = directory;

    public IReadOnlyList<KeystoreFile> List()
    {
        if (!System.IO.Directory.Exists(Directory))
            return [];
        return System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal).Select(Read).ToList();
    }

    public bool Exists(string name) => File.Exists(PathOf(CheckName(name)));

    public KeystoreFile Load(string name)
    {
        var path = PathOf(CheckName(name));
        if (!File.Exists(path))
            throw new WalletException(ExitCodes.Keystore, $"no key named '{name}' in {Directory} (see: chain-wallet key list)");
        return Read(path);
    }

    public void Save(KeystoreFile file)
    {
        var path = PathOf(CheckName(file.Name));
        if (File.Exists(path))
            throw new WalletException(ExitCodes.Keystore, $"a key named '{file.Name}' already exists");
        if (OperatingSystem.IsWindows())
            System.IO.Directory.CreateDirectory(Directory);
        else
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, file, KeystoreFile.Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path);
    }

    public void Delete(string name)
    {
        var path = PathOf(CheckName(name));
        if (!File.Exists(path))
            throw new WalletException(ExitCodes.Keystore, $"no key named '{name}'");
        File.Delete(path);
    }

    public static string CheckName(string name) =>
        NamePattern().IsMatch(name) ? name : throw new WalletException(ExitCodes.BadInput, $"key name '{name}' must be 1-64 letters, digits, '-' or '_'");

    private string PathOf(string name) => Path.Combine(Directory, name + ".json");

    private static KeystoreFile Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<KeystoreFile>(File.ReadAllText(path), KeystoreFile.Json)
                ?? throw new WalletException(ExitCodes.Keystore, $"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new WalletException(ExitCodes.Keystore, $"{path} is not a keystore file: {e.Message}");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
