using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChainNode.Wallet.Cli;
using ChainNode.Wallet.Keys;

namespace ChainNode.Wallet.Keystore;

/// <summary>
/// One encrypted key: the private key sealed with AES-256-GCM under a key derived from the
/// passphrase with PBKDF2-HMAC-SHA256. The parameters are stored beside the ciphertext, and the
/// address is authenticated with it, so a file cannot be edited to show another address.
/// Only the name, address and public key are readable without the passphrase.
/// </summary>
public sealed class KeystoreFile
{
    public const int CurrentVersion = 1;
    public const int MinimumIterations = 600_000;

    public int Version { get; init; } = CurrentVersion;
    public required string Name { get; init; }
    public required string Address { get; init; }
    public required string PublicKey { get; init; }
    public required CryptoSection Crypto { get; init; }

    public sealed class CryptoSection
    {
        public string Kdf { get; init; } = "pbkdf2-hmac-sha256";
        public required int Iterations { get; init; }
        public required string Salt { get; init; }
        public string Cipher { get; init; } = "aes-256-gcm";
        public required string Nonce { get; init; }
        public required string Ciphertext { get; init; }
        public required string Tag { get; init; }
    }

    [JsonIgnore]
    public byte[] AddressBytes => ChainNode.Ledger.Types.Address.Parse(Address).ToArray();

    public static KeystoreFile Seal(string name, WalletKey key, string passphrase, int iterations = MinimumIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var secret = Convert.FromHexString(key.ToHex());
        var ciphertext = new byte[secret.Length];
        var tag = new byte[16];
        var derived = Derive(passphrase, salt, iterations);
        try
        {
            using var aes = new AesGcm(derived, tag.Length);
            aes.Encrypt(nonce, secret, ciphertext, tag, key.Address.ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(derived);
        }
        return new KeystoreFile
        {
            Name = name,
            Address = key.Address.ToString(),
            PublicKey = key.PublicKey.ToString(),
            Crypto = new CryptoSection
            {
                Iterations = iterations,
                Salt = Convert.ToHexStringLower(salt),
                Nonce = Convert.ToHexStringLower(nonce),
                Ciphertext = Convert.ToHexStringLower(ciphertext),
                Tag = Convert.ToHexStringLower(tag),
            },
        };
    }

    public WalletKey Open(string passphrase)
    {
        if (Version != CurrentVersion || Crypto.Kdf != "pbkdf2-hmac-sha256" || Crypto.Cipher != "aes-256-gcm")
            throw new WalletException(ExitCodes.Keystore, $"key '{Name}' uses an unsupported keystore format (version {Version}, {Crypto.Kdf}, {Crypto.Cipher})");
        if (Crypto.Iterations < MinimumIterations)
            throw new WalletException(ExitCodes.Keystore, $"key '{Name}' uses only {Crypto.Iterations} PBKDF2 iterations; at least {MinimumIterations} are required");
        var derived = Derive(passphrase, Convert.FromHexString(Crypto.Salt), Crypto.Iterations);
        var secret = new byte[32];
        try
        {
            using var aes = new AesGcm(derived, 16);
            aes.Decrypt(Convert.FromHexString(Crypto.Nonce), Convert.FromHexString(Crypto.Ciphertext), Convert.FromHexString(Crypto.Tag), secret, AddressBytes);
            var key = WalletKey.FromBytes(secret);
            if (key.Address.ToString() != Address)
                throw new WalletException(ExitCodes.Keystore, $"key '{Name}' is damaged: its key does not match its address");
            return key;
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new WalletException(ExitCodes.Keystore, $"wrong passphrase for key '{Name}' (or the key file was altered)");
        }
        catch (FormatException e)
        {
            throw new WalletException(ExitCodes.Keystore, $"key '{Name}' is damaged: {e.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static byte[] Derive(string passphrase, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32);
}
