using System.Globalization;
using System.Numerics;
using System.Text;
using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Vm;
using ChainNode.Wallet.Keystore;

namespace ChainNode.Wallet.Cli;

/// <summary>Contract arguments from the command line, and results back to text, by ABI type.</summary>
public static class AbiArguments
{
    public static List<(AbiType, Value)> Parse(IReadOnlyList<AbiType> types, IReadOnlyList<string> texts, KeyStore keys, string what)
    {
        if (texts.Count != types.Count)
            throw new WalletException(ExitCodes.BadInput, $"{what} takes {types.Count} arguments ({string.Join(", ", types.Select(AbiTypeNames.Name))}), got {texts.Count}");
        return types.Select((type, i) => (type, ParseOne(type, texts[i], keys, i + 1))).ToList();
    }

    private static Value ParseOne(AbiType type, string text, KeyStore keys, int position)
    {
        switch (type)
        {
            case AbiType.U256:
                var isHex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
                var digits = isHex ? "0" + text[2..] : text.Replace("_", "", StringComparison.Ordinal);
                if (BigInteger.TryParse(digits, isHex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number.Sign >= 0 && number <= Value.MaxInt)
                    return new Value(number);
                throw new WalletException(ExitCodes.BadInput, $"argument {position} must be a u256 (decimal or 0x hex), got '{text}'");
            case AbiType.Bool:
                return text switch
                {
                    "true" => Value.One,
                    "false" => Value.Zero,
                    _ => throw new WalletException(ExitCodes.BadInput, $"argument {position} must be true or false, got '{text}'"),
                };
            case AbiType.Address:
                return new Value(InputParsing.Address(text, keys).ToArray());
            default:
                return new Value(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? InputParsing.Hex(text, $"argument {position}") : Encoding.UTF8.GetBytes(text));
        }
    }

    /// <summary>A decoded result as text: numbers in decimal, addresses as cn1…, bytes as hex.</summary>
    public static string Format(AbiType type, Value value) => type switch
    {
        AbiType.Bool => value == Value.One ? "true" : "false",
        AbiType.Address => new ChainNode.Ledger.Types.Address(value.AsBytes("address")).ToString(),
        AbiType.Bytes => "0x" + Convert.ToHexStringLower(value.AsBytes("bytes")),
        _ => value.ToString(),
    };
}
