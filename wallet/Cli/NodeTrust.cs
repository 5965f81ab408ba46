using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChainNode.Wallet.Cli;

/// <summary>
/// Which certificates an https:// node may present: by default those the system trusts; with
/// --ca-file, those issued by the CA certificates in that PEM file; with --pin-sha256, exactly the
/// certificate with that SHA-256 fingerprint (a node's self-signed certificate; it logs the
/// fingerprint at start). Remembers why it refused, so the error can say what to do.
/// </summary>
public sealed class NodeTrust
{
    private readonly X509Certificate2Collection? _authorities;
    private readonly byte[]? _pin;

    private NodeTrust(X509Certificate2Collection? authorities, byte[]? pin) => (_authorities, _pin) = (authorities, pin);

    /// <summary>Why the last certificate was refused, if it was.</summary>
    public string? Refusal { get; private set; }

    public static NodeTrust For(Uri node, string? caFile, string? pinSha256)
    {
        if (caFile is not null && pinSha256 is not null)
            throw new WalletException(ExitCodes.BadInput, "give --ca-file or --pin-sha256, not both");
        if ((caFile ?? pinSha256) is not null && node.Scheme != Uri.UriSchemeHttps)
            throw new WalletException(ExitCodes.BadInput, $"--ca-file and --pin-sha256 apply to https:// node URLs; {node} is plaintext");
        return new NodeTrust(caFile is null ? null : LoadAuthorities(caFile), pinSha256 is null ? null : ParsePin(pinSha256));
    }

    /// <summary>Options for an https:// node; null for http:// (no TLS).</summary>
    public SslClientAuthenticationOptions? ClientOptions(Uri node) => node.Scheme != Uri.UriSchemeHttps ? null : new SslClientAuthenticationOptions
    {
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => Check(certificate, errors),
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck, // no network path to revocation lists is assumed
    };

    private bool Check(X509Certificate? presented, SslPolicyErrors errors)
    {
        Refusal = null;
        if (presented is null)
        {
            Refusal = "the node presented no certificate";
            return false;
        }
        if (_pin is not null)
        {
            var actual = SHA256.HashData(presented.GetRawCertData());
            if (CryptographicOperations.FixedTimeEquals(actual, _pin))
                return true;
            Refusal = $"the node's certificate has SHA-256 {Convert.ToHexStringLower(actual)}, not the pinned {Convert.ToHexStringLower(_pin)}";
            return false;
        }
        if (_authorities is not null)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var certificate = new X509Certificate2(presented);
            if (!chain.Build(certificate))
            {
                Refusal = $"the node's certificate ({certificate.Subject}) was not issued by a CA in --ca-file: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))}";
                return false;
            }
            errors &= ~SslPolicyErrors.RemoteCertificateChainErrors; // judged above, against the given CAs
        }
        if (errors == SslPolicyErrors.None)
            return true;
        Refusal = errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            ? $"the node's certificate does not name the host in the URL ({presented.Subject})"
            : $"the node's certificate is not trusted ({presented.Subject}): pass --ca-file with its CA, or --pin-sha256 with its fingerprint (the node logs it at start)";
        return false;
    }

    private static X509Certificate2Collection LoadAuthorities(string file)
    {
        if (!File.Exists(file))
            throw new WalletException(ExitCodes.BadInput, $"--ca-file {file} does not exist");
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(file);
        }
        catch (CryptographicException e)
        {
            throw new WalletException(ExitCodes.BadInput, $"--ca-file {file} holds no readable PEM certificate: {e.Message}");
        }
        return authorities.Count > 0 ? authorities : throw new WalletException(ExitCodes.BadInput, $"--ca-file {file} holds no PEM certificate");
    }

    private static byte[] ParsePin(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal).Trim();
        if (hex.StartsWith("sha256/", StringComparison.OrdinalIgnoreCase))
            hex = hex[7..];
        try
        {
            var bytes = Convert.FromHexString(hex);
            if (bytes.Length == SHA256.HashSizeInBytes)
                return bytes;
        }
        catch (FormatException)
        {
        }
        throw new WalletException(ExitCodes.BadInput, $"--pin-sha256 '{text}' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
    }
}
