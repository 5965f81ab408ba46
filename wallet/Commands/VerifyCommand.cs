using System.CommandLine;
using ChainNode.Ledger.Types;
using ChainNode.Wallet.Cli;
using ChainNode.Wallet.Keys;

namespace ChainNode.Wallet.Commands;

/// <summary>
/// <c>verify --pubkey HEX --hash HEX --signature HEX</c>: checks a secp256k1 signature under the
/// chain's rule (64-byte compact r‖s, low S). Exits 0 valid, 1 invalid, 2 malformed input.
/// </summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var pubkey = new Option<string>("--pubkey") { Description = "Public key: 33 bytes compressed or 65 uncompressed, hex.", Required = true };
        var hash = new Option<string>("--hash") { Description = "The 32-byte digest that was signed, hex.", Required = true };
        var signature = new Option<string>("--signature") { Description = "64-byte compact signature r||s, hex.", Required = true };
        var command = new Command("verify", "Check a signature under the chain's rules; exit 0 valid, 1 invalid, 2 malformed.") { pubkey, hash, signature };
        command.SetAction(parse =>
        {
            var context = new WalletContext(parse);
            var valid = Check(parse.GetValue(pubkey)!, parse.GetValue(hash)!, parse.GetValue(signature)!);
            context.Output.Fields(new { valid }, [("signature", valid ? "valid" : "invalid")]);
            return valid ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>True if valid, false if not; throws (exit 2) when an input is malformed.</summary>
    public static bool Check(string publicKeyHex, string hashHex, string signatureHex)
    {
        var publicKey = InputParsing.Hex(publicKeyHex, "--pubkey");
        if (publicKey.Length is not (33 or 65))
            throw new WalletException(ExitCodes.BadInput, $"--pubkey must be 33 bytes (compressed) or 65 bytes (uncompressed), got {publicKey.Length}");
        var hash = InputParsing.Hex(hashHex, "--hash");
        if (hash.Length != 32)
            throw new WalletException(ExitCodes.BadInput, $"--hash must be 32 bytes, got {hash.Length}");
        var signature = InputParsing.Hex(signatureHex, "--signature");
        if (signature.Length != 64)
            throw new WalletException(ExitCodes.BadInput, $"--signature must be 64 bytes (compact r||s), got {signature.Length}");
        WalletPublicKey key;
        try
        {
            key = WalletPublicKey.FromBytes(publicKey);
        }
        catch (FormatException e)
        {
            throw new WalletException(ExitCodes.BadInput, $"--pubkey is not a secp256k1 public key: {e.Message}");
        }
        return key.Verify(new Hash32(hash), signature);
    }
}
