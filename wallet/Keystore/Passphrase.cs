using System.Text;
using ChainNode.Wallet.Cli;

namespace ChainNode.Wallet.Keystore;

/// <summary>
/// Where a passphrase comes from, in order: --password-file (its first line), the
/// CHAIN_WALLET_PASSWORD environment variable (for scripts), or a prompt that does not echo.
/// </summary>
public sealed class Passphrase(string? passwordFile)
{
    public const string EnvironmentVariable = "CHAIN_WALLET_PASSWORD";

    public string Get(string purpose, bool confirm = false)
    {
        if (passwordFile is not null)
        {
            if (!File.Exists(passwordFile))
                throw new WalletException(ExitCodes.Keystore, $"password file '{passwordFile}' does not exist");
            var line = File.ReadLines(passwordFile).FirstOrDefault() ?? "";
            return NonEmpty(line, $"password file '{passwordFile}'");
        }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { } fromEnvironment)
            return NonEmpty(fromEnvironment, EnvironmentVariable);
        if (Console.IsInputRedirected)
            throw new WalletException(ExitCodes.Keystore, $"a passphrase is needed to {purpose}: use --password-file or {EnvironmentVariable} (no terminal to ask on)");
        var first = Prompt($"Passphrase to {purpose}: ");
        if (confirm && Prompt("Repeat the passphrase: ") != first)
            throw new WalletException(ExitCodes.Keystore, "the passphrases do not match");
        return NonEmpty(first, "the passphrase");
    }

    private static string NonEmpty(string value, string source) =>
        value.Length > 0 ? value : throw new WalletException(ExitCodes.Keystore, $"{source} is empty");

    // Reads a line without echoing it.
    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                    text.Length--;
                continue;
            }
            if (!char.IsControl(key.KeyChar))
                text.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}
