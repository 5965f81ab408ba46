using System.CommandLine;
using System.Text.Json;
using ChainNode.Wallet.Cli;
using ChainNode.Wallet.Keys;
using ChainNode.Wallet.Keystore;

namespace ChainNode.Wallet.Commands;

/// <summary><c>key new|list|show|import|export|delete</c>: the encrypted keystore.</summary>
public static class KeyCommands
{
    public static Command Create()
    {
        var key = new Command("key", "Manage keys in the encrypted keystore ($CHAIN_WALLET_HOME/keys).");
        key.Subcommands.Add(New());
        key.Subcommands.Add(List());
        key.Subcommands.Add(Show());
        key.Subcommands.Add(Import());
        key.Subcommands.Add(Export());
        key.Subcommands.Add(Delete());
        return key;
    }

    private static Command New()
    {
        var name = new Option<string>("--name") { Description = "Name to store the key under.", Required = true };
        var command = new Command("new", "Create a key (secp256k1, from the OS random source) and store it encrypted.") { name };
        command.SetAction(parse =>
        {
            var context = new WalletContext(parse);
            var keyName = KeyStore.CheckName(parse.GetValue(name)!);
            if (context.Keys.Exists(keyName))
                throw new WalletException(ExitCodes.Keystore, $"a key named '{keyName}' already exists");
            var key = WalletKey.Generate();
            context.Keys.Save(KeystoreFile.Seal(keyName, key, context.Passphrase.Get($"encrypt key '{keyName}'", confirm: true)));
            Show(context, context.Keys.Load(keyName));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the stored keys.");
        command.SetAction(parse =>
        {
            var context = new WalletContext(parse);
            var keys = context.Keys.List();
            context.Output.Table(new { keys = keys.Select(k => new { k.Name, k.Address }) }, ["name", "address"], keys.Select(k => new[] { k.Name, k.Address }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "Key name." };
        var command = new Command("show", "Show a key's address and public key (no passphrase needed).") { name };
        command.SetAction(parse =>
        {
            var context = new WalletContext(parse);
            Show(context, context.Keys.Load(parse.GetValue(name)!));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Show(WalletContext context, KeystoreFile file) =>
        context.Output.Fields(new { file.Name, file.Address, file.PublicKey }, [("name", file.Name), ("address", file.Address), ("public key", file.PublicKey)]);

    private static Command Import()
    {
        var name = new Option<string?>("--name") { Description = "Name for the imported key." };
        var hex = new Option<string?>("--hex") { Description = "The private key as 64 hex characters (visible in your shell history: prefer --file)." };
        var file = new Option<string?>("--file") { Description = "A file holding the private key as hex." };
        var network = new Option<string?>("--network") { Description = "Import every funded member key of a network made by 'chainnode init' or 'chainnode devnet' (its folder)." };
        var command = new Command("import", "Import a private key (from hex or a file), or all member keys of a local network.") { name, hex, file, network };
        command.SetAction(parse =>
        {
            var context = new WalletContext(parse);
            if (parse.GetValue(network) is { } folder)
                return ImportNetwork(context, folder);
            var keyName = KeyStore.CheckName(parse.GetValue(name) ?? throw new WalletException(ExitCodes.BadInput, "--name is required (or use --network DIR)"));
            var text = (parse.GetValue(hex), parse.GetValue(file)) switch
            {
                ({ } h, null) => h,
                (null, { } f) => File.Exists(f) ? File.ReadAllText(f) : throw new WalletException(ExitCodes.BadInput, $"key file '{f}' does not exist"),
                _ => throw new WalletException(ExitCodes.BadInput, "give exactly one of --hex or --file"),
            };
            var key = ParseKey(text);
            if (context.Keys.Exists(keyName))
                throw new WalletException(ExitCodes.Keystore, $"a key named '{keyName}' already exists");
            context.Keys.Save(KeystoreFile.Seal(keyName, key, context.Passphrase.Get($"encrypt key '{keyName}'", confirm: true)));
            Show(context, context.Keys.Load(keyName));
            return ExitCodes.Ok;
        });
        return command;
    }

    // network.json lists each member's key file (hex, mode 0600) as `chainnode init` wrote it.
    private static int ImportNetwork(WalletContext context, string folder)
    {
        var path = Path.Combine(folder, "network.json");
        if (!File.Exists(path))
            throw new WalletException(ExitCodes.BadInput, $"'{folder}' holds no network.json (create one with 'chainnode init' or 'chainnode devnet')");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var passphrase = context.Passphrase.Get("encrypt the imported member keys", confirm: true);
        var imported = new List<object>();
        var rows = new List<string[]>();
        foreach (var member in json.RootElement.GetProperty("members").EnumerateArray())
        {
            var memberName = member.GetProperty("name").GetString()!;
            var keyFile = Path.Combine(folder, member.GetProperty("keyFile").GetString()!);
            var key = ParseKey(File.ReadAllText(keyFile));
            var status = context.Keys.Exists(memberName) ? "already present" : "imported";
            if (status == "imported")
                context.Keys.Save(KeystoreFile.Seal(memberName, key, passphrase));
            imported.Add(new { name = memberName, address = key.Address.ToString(), status });
            rows.Add([memberName, key.Address.ToString(), status]);
        }
        context.Output.Table(new { keys = imported }, ["name", "address", "status"], rows);
        return ExitCodes.Ok;
    }

    private static Command Export()
    {
        var name = new Argument<string>("name") { Description = "Key name." };
        var command = new Command("export", "Print a key's private key as hex (needs its passphrase). Anyone who sees it controls the account.") { name };
        command.SetAction(parse =>
        {
            var context = new WalletContext(parse);
            var file = context.Keys.Load(parse.GetValue(name)!);
            var key = file.Open(context.Passphrase.Get($"unlock key '{file.Name}'"));
            Console.Error.WriteLine("WARNING: this is the private key itself. Anyone who sees it can spend from " + file.Address + ". Do not paste it anywhere you do not trust.");
            context.Output.Fields(new { file.Name, file.Address, privateKey = key.ToHex() }, [("name", file.Name), ("address", file.Address), ("private key", key.ToHex())]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete()
    {
        var name = new Argument<string>("name") { Description = "Key name." };
        var yes = new Option<bool>("--yes") { Description = "Delete without asking (required when there is no terminal)." };
        var command = new Command("delete", "Delete a key from the keystore. Without a backup its account is lost.") { name, yes };
        command.SetAction(parse =>
        {
            var context = new WalletContext(parse);
            var file = context.Keys.Load(parse.GetValue(name)!);
            if (!parse.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                    throw new WalletException(ExitCodes.BadInput, "deleting a key needs --yes when there is no terminal to confirm on");
                Console.Error.Write($"Delete key '{file.Name}' ({file.Address})? Type its name to confirm: ");
                if (Console.ReadLine()?.Trim() != file.Name)
                    throw new WalletException(ExitCodes.BadInput, "not confirmed; nothing deleted");
            }
            context.Keys.Delete(file.Name);
            context.Output.Fields(new { deleted = file.Name, file.Address }, [("deleted", file.Name), ("address", file.Address)]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static WalletKey ParseKey(string text)
    {
        try
        {
            return WalletKey.FromHex(text);
        }
        catch (FormatException e)
        {
            throw new WalletException(ExitCodes.BadInput, $"not a private key: {e.Message}");
        }
    }
}
