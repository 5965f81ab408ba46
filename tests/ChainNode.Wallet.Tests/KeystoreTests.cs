using System.Runtime.Versioning;
using ChainNode.Testing;
using ChainNode.Wallet.Cli;
using ChainNode.Wallet.Keys;
using ChainNode.Wallet.Keystore;

namespace ChainNode.Wallet.Tests;

[TestClass]
[SupportedOSPlatform("linux")] // file modes are POSIX; the wallet ships for Debian
public sealed class KeystoreTests
{
    [TestMethod]
    public void A_sealed_key_opens_with_its_passphrase_and_refuses_a_wrong_one()
    {
        var key = WalletKey.Generate();
        var file = KeystoreFile.Seal("alice", key, "correct horse");
        Assert.AreEqual(key.ToHex(), file.Open("correct horse").ToHex());
        var wrong = Assert.ThrowsExactly<WalletException>(() => file.Open("battery staple"));
        Assert.AreEqual(ExitCodes.Keystore, wrong.ExitCode);
        Assert.AreEqual("wrong passphrase for key 'alice' (or the key file was altered)", wrong.Message);
        Assert.IsTrue(file.Crypto.Iterations >= 600_000);
    }

    [TestMethod]
    public void A_keystore_file_holds_no_key_material_in_any_encoding_and_only_its_owner_can_read_it()
    {
        using var dir = new TempDirectory();
        var store = new KeyStore(dir.Combine("keys"));
        var key = WalletKey.Generate();
        store.Save(KeystoreFile.Seal("bob", key, "pass"));
        var path = dir.Combine("keys", "bob.json");
        var raw = File.ReadAllBytes(path);
        var text = File.ReadAllText(path);
        var secret = Convert.FromHexString(key.ToHex());
        foreach (var encoding in new[] { key.ToHex(), key.ToHex().ToUpperInvariant(), Convert.ToBase64String(secret), Convert.ToBase64String(secret).TrimEnd('=') })
            Assert.IsFalse(text.Contains(encoding, StringComparison.Ordinal), "the private key appears in the keystore file");
        Assert.AreEqual(-1, raw.AsSpan().IndexOf(secret), "the raw private key bytes appear in the keystore file");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir.Combine("keys")));
        Assert.AreEqual(key.Address.ToString(), store.Load("bob").Address);
    }

    [TestMethod]
    public void An_edited_address_or_ciphertext_is_detected()
    {
        var file = KeystoreFile.Seal("carol", WalletKey.Generate(), "pass");
        var other = WalletKey.Generate().Address.ToString();
        var relabelled = new KeystoreFile { Name = file.Name, Address = other, PublicKey = file.PublicKey, Crypto = file.Crypto };
        Assert.AreEqual(ExitCodes.Keystore, Assert.ThrowsExactly<WalletException>(() => relabelled.Open("pass")).ExitCode);
    }

    [TestMethod]
    public void Key_names_are_checked_and_duplicates_refused()
    {
        using var dir = new TempDirectory();
        var store = new KeyStore(dir.Path);
        Assert.AreEqual(ExitCodes.BadInput, Assert.ThrowsExactly<WalletException>(() => KeyStore.CheckName("../etc/passwd")).ExitCode);
        store.Save(KeystoreFile.Seal("dave", WalletKey.Generate(), "pass"));
        StringAssert.Contains(Assert.ThrowsExactly<WalletException>(() => store.Save(KeystoreFile.Seal("dave", WalletKey.Generate(), "pass"))).Message, "already exists");
        StringAssert.Contains(Assert.ThrowsExactly<WalletException>(() => store.Load("erin")).Message, "no key named 'erin'");
    }
}
