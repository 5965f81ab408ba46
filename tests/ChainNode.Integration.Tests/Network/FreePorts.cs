using System.Net;
using System.Net.Sockets;

namespace ChainNode.Integration.Tests.Network;

/// <summary>Finds a base port where a network's peer (+0), API (+100) and HTTP (+200) ports are all free.</summary>
internal static class FreePorts
{
    public static int FindBase(int validators)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            // Below Linux's ephemeral range (32768 up), so an outgoing connection cannot take a port between this check and the node's bind.
            var candidate = Random.Shared.Next(20_000, 32_000);
            var ports = Enumerable.Range(0, validators).SelectMany(i => new[] { candidate + i, candidate + 100 + i, candidate + 200 + i });
            if (ports.All(IsFree))
                return candidate;
        }
        throw new InvalidOperationException("no free port range on loopback");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
