using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ChainNode.Ledger.Types;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ChainNode.Node.Tls;

/// <summary>
/// TLS on peer links. Both sides present their self-signed certificates and accept any: trust
/// comes from the secp256k1 handshake, whose signatures cover both certificates' hashes, so a
/// relay that terminates TLS on each side cannot pass a handshake on. The port speaks nothing
/// but TLS: a plaintext HTTP/2 client fails its first bytes.
/// </summary>
public static class PeerTls
{
    public static void Serve(ListenOptions listen, TlsIdentity identity) =>
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = identity.Certificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (_, _, _) => true, // checked by the handshake, against the key it proves
            CheckCertificateRevocation = false,
        });

    /// <summary>Client options that present <paramref name="identity"/> and hand every server certificate to <paramref name="pin"/>.</summary>
    public static SslClientAuthenticationOptions Client(TlsIdentity identity, CertificatePin pin) => new()
    {
        ClientCertificates = [identity.Certificate],
        RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && pin.Accept(certificate),
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };
}

/// <summary>
/// The server certificate one peer link has seen. The first connection's certificate is pinned
/// and the handshake signs its hash; every later connection of the link must present the same
/// one. A failed handshake clears the pin (the peer may have a new certificate).
/// </summary>
public sealed class CertificatePin
{
    private Hash32? _pinned;
    private readonly Lock _gate = new();

    public Hash32? Pinned
    {
        get
        {
            lock (_gate)
                return _pinned;
        }
    }

    public bool Accept(X509Certificate certificate)
    {
        var hash = TlsIdentity.HashOf(certificate);
        lock (_gate)
        {
            _pinned ??= hash;
            return _pinned == hash;
        }
    }

    public void Clear()
    {
        lock (_gate)
            _pinned = null;
    }
}
