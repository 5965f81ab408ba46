using System.Globalization;

namespace ChainNode.Ledger.Types;

/// <summary>The peer-address rule: host:port with a valid host name or IP and a port above 0. Genesis, governance, the node's config and the wallet's --peer all apply it.</summary>
public static class HostPort
{
    public static bool IsValid(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0
            && ushort.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port > 0
            && Uri.CheckHostName(text[..colon].Trim('[', ']')) != UriHostNameType.Unknown;
    }
}
