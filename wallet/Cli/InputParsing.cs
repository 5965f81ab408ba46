using System.Globalization;
using ChainNode.Ledger.Types;
using ChainNode.Wallet.Keystore;

namespace ChainNode.Wallet.Cli;

/// <summary>Turns command-line text into addresses, hashes and amounts, or says precisely why not.</summary>
public static class InputParsing
{
    /// <summary>A cn1… address, 40 hex characters, or the name of a key in the keystore.</summary>
    public static Address Address(string text, KeyStore keys)
    {
        if (text.StartsWith("cn1", StringComparison.OrdinalIgnoreCase))
        {
            return ChainNode.Ledger.Types.Address.TryParse(text, out var address, out var error)
                ? address
                : throw new WalletException(ExitCodes.BadInput, $"'{text}' is not a valid address: {error}");
        }
        var hex = StripHexPrefix(text);
        if (hex.Length == 40 && hex.All(char.IsAsciiHexDigit))
            return new Address(Convert.FromHexString(hex));
        if (keys.Exists(text))
            return ChainNode.Ledger.Types.Address.Parse(keys.Load(text).Address);
        throw new WalletException(ExitCodes.BadInput, $"'{text}' is neither an address (cn1…) nor the name of a key in the keystore");
    }

    public static Hash32 Hash(string text, string what)
    {
        var hex = StripHexPrefix(text);
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit)
            ? new Hash32(Convert.FromHexString(hex))
            : throw new WalletException(ExitCodes.BadInput, $"{what} must be 64 hex characters, got '{text}'");
    }

    public static byte[] Hex(string text, string what)
    {
        var hex = StripHexPrefix(text);
        return hex.Length % 2 == 0 && hex.All(char.IsAsciiHexDigit)
            ? Convert.FromHexString(hex)
            : throw new WalletException(ExitCodes.BadInput, $"{what} is not hex: '{text}'");
    }

    public static ulong Amount(string text) =>
        ulong.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new WalletException(ExitCodes.BadInput, $"amount '{text}' is not a whole number of coins between 0 and {ulong.MaxValue}");

    public static string StripHexPrefix(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
}
