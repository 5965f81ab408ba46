using System.Net.Security;
using System.Net.Sockets;
using ChainNode.Node;
using ChainNode.Rpc.Api;
using Grpc.Core;

namespace ChainNode.LoadGenerator;

/// <summary>
/// The bench's first call to each node, which turns what can be wrong with a URL into one line:
/// nothing listening, a peer port (TLS with client certificates) instead of the API port, or
/// something else that does not answer the public API.
/// </summary>
public static class NodeProbe
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static async Task<GetStatusResponse> StatusAsync(Uri url, CancellationToken cancel)
    {
        using var client = new PublicApiClient(url, Patience);
        try
        {
            return await client.GetStatusAsync(cancel);
        }
        catch (RpcException e) when (!cancel.IsCancellationRequested)
        {
            throw new CommandException(await ExplainAsync(url, e, cancel));
        }
    }

    private static async Task<string> ExplainAsync(Uri url, RpcException error, CancellationToken cancel)
    {
        if (Refused(error.Status.DebugException))
            return $"nothing is listening at {url}; is the node running, and is that its API port?";
        if (error.StatusCode == StatusCode.DeadlineExceeded)
            return $"{url} did not answer GetStatus within {Patience.TotalSeconds:F0} s";
        if (url.Scheme == "http" && await SpeaksTlsAsync(url, cancel))
            return $"{url} answers only with TLS and wants a client certificate: that looks like a peer port; give the node's API port (in a `chainnode init` network, the peer port + 100)";
        return $"{url} does not answer chainnode's public API ({error.StatusCode}: {FirstLine(error.Status.Detail)}); is that the node's API port?";
    }

    private static bool Refused(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                return true;
        }
        return false;
    }

    // A peer port completes a TLS handshake up to its certificate; a plain API port never sends one.
    private static async Task<bool> SpeaksTlsAsync(Uri url, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var sawCertificate = false;
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(url.Host, url.Port, timeout.Token);
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = url.Host,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => sawCertificate = certificate is not null,
            }, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            // A handshake refused after the server's certificate (no client certificate) still shows a TLS server.
        }
        return sawCertificate;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
