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
/// The server certificates one peer link accepts. Without a session it accepts any and remembers
/// the latest (<see cref="LastSeen"/>: the handshake signs it, so a relay's certificate makes the
/// handshake fail, never pass). Once a handshake succeeds its certificate is pinned: later
/// connections of the link must present the same one until the session ends. A connection that
/// outlives a failed session is reused without a new TLS handshake, which is why the last
/// certificate is kept rather than cleared.
/// </summary>
public sealed class CertificatePin
{
    private readonly Lock _gate = new();
    private Hash32? _lastSeen;
    private Hash32? _pinned;

    public Hash32? LastSeen
    {
        get
        {
            lock (_gate)
                return _lastSeen;
        }
    }

    public bool Accept(X509Certificate certificate)
    {
        var hash = TlsIdentity.HashOf(certificate);
        lock (_gate)
        {
            if (_pinned is { } pinned && pinned != hash)
                return false;
            _lastSeen = hash;
            return true;
        }
    }

    /// <summary>A handshake signed <paramref name="certificate"/>: only it is accepted from now on.</summary>
    public void Pin(Hash32 certificate)
    {
        lock (_gate)
            _pinned = certificate;
    }

    /// <summary>The session ended: the next handshake may meet another certificate (the peer may have a new one).</summary>
    public void Unpin()
    {
        lock (_gate)
            _pinned = null;
    }
}
