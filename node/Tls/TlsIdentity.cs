using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChainNode.Ledger.Types;
using ChainNode.Node.Commands;

namespace ChainNode.Node.Tls;

/// <summary>
/// A node's TLS certificate and key (PEM files in its home; the key mode 0600). A self-signed
/// ECDSA P-256 certificate is enough between validators: who a peer is comes from the secp256k1
/// handshake, which signs the SHA-256 of both certificates (<see cref="Hash"/>).
/// </summary>
public sealed class TlsIdentity(X509Certificate2 certificate)
{
    public const string DefaultCertificateFile = "tls.crt";
    public const string DefaultKeyFile = "tls.key";

    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>SHA-256 of the certificate's DER bytes: what handshakes sign and wallets pin.</summary>
    public Hash32 Hash { get; } = HashOf(certificate);

    public static Hash32 HashOf(X509Certificate certificate) => new(SHA256.HashData(certificate.GetRawCertData()));

    /// <summary>A new self-signed certificate for <paramref name="name"/>, valid for ten years, in memory.</summary>
    public static TlsIdentity Generate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Sanitize(name)}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        // Both roles: the same certificate serves the node's ports and authenticates it as a client to its peers.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        return Usable(certificate);
    }

    /// <summary>Writes a new self-signed pair for <paramref name="name"/> as PEM files.</summary>
    public static void Create(string certificateFile, string keyFile, string name)
    {
        var identity = Generate(name);
        File.WriteAllText(certificateFile, identity.Certificate.ExportCertificatePem());
        using var key = identity.Certificate.GetECDsaPrivateKey()!;
        WritePrivate(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Loads the pair; a missing or unreadable file is a clear error naming it.</summary>
    public static TlsIdentity Load(string certificateFile, string keyFile)
    {
        foreach (var file in new[] { certificateFile, keyFile })
        {
            if (!File.Exists(file))
                throw new CommandException($"TLS file {file} is missing: restore it, or delete both tls files and the node makes a new pair at its next start (or point tls.* in config.json at yours)");
        }
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            return Usable(pem);
        }
        catch (CryptographicException e)
        {
            throw new CommandException($"cannot use the TLS certificate {certificateFile} with key {keyFile}: {e.Message}");
        }
    }

    // An ephemeral key cannot be used by the TLS stack on every platform: round-trip through PKCS#12.
    private static TlsIdentity Usable(X509Certificate2 certificate) =>
        new(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable));

    private static string Sanitize(string name) => new(name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_').DefaultIfEmpty('n').ToArray());

    private static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
