using System.Net;
using System.Net.Sockets;

namespace ChainNode.Integration.Tests;

/// <summary>HTTP handlers whose connections come from a chosen loopback address (127.0.0.x), to act as a distinct client.</summary>
internal static class SourceAddress
{
    public static SocketsHttpHandler Handler(string source) => new()
    {
        EnableMultipleHttp2Connections = true,
        ConnectCallback = async (context, cancel) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
