using System.Globalization;

namespace ChainNode.Rpc.Transport;

/// <summary>The grpc-timeout header: an integer of at most 8 digits and a unit (H, M, S, m, u, n).</summary>
public static class GrpcTimeout
{
    public static string Format(TimeSpan timeout) =>
        Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "m";

    public static TimeSpan? Parse(string? header)
    {
        if (string.IsNullOrEmpty(header) || header.Length < 2 || header.Length > 9
            || !long.TryParse(header.AsSpan(0, header.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return null;
        return header[^1] switch
        {
            'H' => TimeSpan.FromHours(value),
            'M' => TimeSpan.FromMinutes(value),
            'S' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMilliseconds(value),
            'u' => TimeSpan.FromMicroseconds(value),
            'n' => TimeSpan.FromTicks(Math.Max(1, value / 100)),
            _ => null,
        };
    }
}
