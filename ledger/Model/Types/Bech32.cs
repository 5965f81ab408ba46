namespace ChainNode.Ledger.Types;

/// <summary>
/// BIP-173 Bech32 text encoding: a human-readable prefix, a '1', base-32 data and a 6-character
/// checksum that detects any error in up to 4 characters, so a mistyped address is rejected.
/// </summary>
public static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const int ChecksumLength = 6;
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    public static string Encode(string prefix, ReadOnlySpan<byte> data)
    {
        var values = ConvertBits(data, 8, 5, pad: true);
        var checksum = Checksum(prefix, values);
        var chars = new char[prefix.Length + 1 + values.Length + ChecksumLength];
        prefix.CopyTo(chars);
        chars[prefix.Length] = '1';
        var at = prefix.Length + 1;
        foreach (var v in values)
            chars[at++] = Charset[v];
        foreach (var v in checksum)
            chars[at++] = Charset[v];
        return new string(chars);
    }

    /// <summary>Decodes <paramref name="text"/>; every failure names what is wrong.</summary>
    public static byte[] Decode(string text, string expectedPrefix)
    {
        if (text.Length > 90)
            throw new FormatException($"'{text}' is too long for an address ({text.Length} characters).");
        if (text.FirstOrDefault(c => c is < (char)33 or > (char)126) is var bad && bad != default)
            throw new FormatException($"'{text}' contains '{bad}', which is not printable ASCII.");
        if (text.Any(char.IsUpper) && text.Any(char.IsLower))
            throw new FormatException($"'{text}' mixes upper and lower case.");
        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 1 || separator + 1 + ChecksumLength > lower.Length)
            throw new FormatException($"'{text}' is not a Bech32 string (expected '{expectedPrefix}1' followed by data).");
        var prefix = lower[..separator];
        if (prefix != expectedPrefix)
            throw new FormatException($"'{text}' has prefix '{prefix}', expected '{expectedPrefix}'.");
        var values = new byte[lower.Length - separator - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var c = lower[separator + 1 + i];
            var v = Charset.IndexOf(c, StringComparison.Ordinal);
            if (v < 0)
                throw new FormatException($"'{text}' contains '{c}' at position {separator + 1 + i}, which Bech32 does not use.");
            values[i] = (byte)v;
        }
        if (Polymod(prefix, values) != 1)
            throw new FormatException($"'{text}' fails its checksum: a character is mistyped.");
        var payload = values.AsSpan(0, values.Length - ChecksumLength);
        return ConvertBits(payload, 5, 8, pad: false);
    }

    private static byte[] Checksum(string prefix, ReadOnlySpan<byte> values)
    {
        var padded = new byte[values.Length + ChecksumLength];
        values.CopyTo(padded);
        var mod = Polymod(prefix, padded) ^ 1;
        var checksum = new byte[ChecksumLength];
        for (var i = 0; i < ChecksumLength; i++)
            checksum[i] = (byte)((mod >> (5 * (5 - i))) & 31);
        return checksum;
    }

    private static uint Polymod(string prefix, ReadOnlySpan<byte> values)
    {
        uint chk = 1;
        foreach (var c in prefix)
            chk = Step(chk, (byte)(c >> 5));
        chk = Step(chk, 0);
        foreach (var c in prefix)
            chk = Step(chk, (byte)(c & 31));
        foreach (var v in values)
            chk = Step(chk, v);
        return chk;
    }

    private static uint Step(uint chk, byte value)
    {
        var top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (var i = 0; i < 5; i++)
        {
            if (((top >> i) & 1) != 0)
                chk ^= Generator[i];
        }
        return chk;
    }

    private static byte[] ConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad)
    {
        var result = new List<byte>(data.Length * fromBits / toBits + 1);
        int acc = 0, bits = 0;
        var maxValue = (1 << toBits) - 1;
        foreach (var value in data)
        {
            acc = (acc << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((acc >> bits) & maxValue));
            }
        }
        if (pad && bits > 0)
            result.Add((byte)((acc << (toBits - bits)) & maxValue));
        else if (!pad && (bits >= fromBits || ((acc << (toBits - bits)) & maxValue) != 0))
            throw new FormatException("Bech32 data has invalid padding.");
        return [.. result];
    }
}
