using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using ChainNode.Contracts.Vm;

namespace ChainNode.Contracts.Abi;

/// <summary>
/// The call ABI. Call data = selector (first 4 bytes of SHA-256 of "name(type,...)") followed by
/// the arguments; return data and event data are the encoded values alone. u256 and bool are 32
/// bytes big-endian; an address is 32 bytes, 12 zero bytes then the 20; bytes is a 32-byte
/// big-endian length then the bytes.
/// </summary>
public static class AbiCodec
{
    public const int WordBytes = 32;

    public static string Signature(string name, IEnumerable<AbiType> parameters) =>
        $"{name}({string.Join(',', parameters.Select(AbiTypeNames.Name))})";

    public static uint Selector(string signature)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(signature));
        return (uint)(hash[0] << 24 | hash[1] << 16 | hash[2] << 8 | hash[3]);
    }

    public static byte[] EncodeCall(uint selector, IReadOnlyList<(AbiType Type, Value Value)> arguments)
    {
        var body = Encode(arguments);
        var call = new byte[4 + body.Length];
        call[0] = (byte)(selector >> 24);
        call[1] = (byte)(selector >> 16);
        call[2] = (byte)(selector >> 8);
        call[3] = (byte)selector;
        body.CopyTo(call, 4);
        return call;
    }

    public static byte[] Encode(IReadOnlyList<(AbiType Type, Value Value)> values)
    {
        var output = new List<byte>();
        foreach (var (type, value) in values)
            EncodeOne(type, value, output);
        return output.ToArray();
    }

    public static byte[] EncodeOne(AbiType type, Value value)
    {
        var output = new List<byte>();
        EncodeOne(type, value, output);
        return output.ToArray();
    }

    private static void EncodeOne(AbiType type, Value value, List<byte> output)
    {
        switch (type)
        {
            case AbiType.U256:
            case AbiType.Bool:
                output.AddRange(Word(value.AsInt("an encoded integer")));
                break;
            case AbiType.Address:
                var address = value.AsBytes("an encoded address");
                if (address.Length != 20)
                    throw new VmFaultException($"an address is 20 bytes, got {address.Length}");
                output.AddRange(new byte[12]);
                output.AddRange(address);
                break;
            case AbiType.Bytes:
                var bytes = value.AsBytes("encoded bytes");
                output.AddRange(Word(bytes.Length));
                output.AddRange(bytes);
                break;
            default:
                throw new VmFaultException($"cannot encode a value of type {type}");
        }
    }

    /// <summary>Decodes exactly <paramref name="types"/> from <paramref name="data"/>; anything malformed or left over is a fault.</summary>
    public static Value[] Decode(ReadOnlySpan<byte> data, IReadOnlyList<AbiType> types)
    {
        var values = new Value[types.Count];
        var at = 0;
        for (var i = 0; i < types.Count; i++)
        {
            if (data.Length - at < WordBytes)
                throw new VmFaultException($"argument {i + 1} ({AbiTypeNames.Name(types[i])}) is missing or truncated");
            var word = data.Slice(at, WordBytes);
            at += WordBytes;
            switch (types[i])
            {
                case AbiType.U256:
                    values[i] = new Value(new BigInteger(word, isUnsigned: true, isBigEndian: true));
                    break;
                case AbiType.Bool:
                    var flag = new BigInteger(word, isUnsigned: true, isBigEndian: true);
                    values[i] = flag <= 1 ? new Value(flag) : throw new VmFaultException($"argument {i + 1} is not a boolean (0 or 1)");
                    break;
                case AbiType.Address:
                    if (word[..12].IndexOfAnyExcept((byte)0) >= 0)
                        throw new VmFaultException($"argument {i + 1} is not an address (its first 12 bytes must be zero)");
                    values[i] = new Value(word[12..].ToArray());
                    break;
                case AbiType.Bytes:
                    var length = new BigInteger(word, isUnsigned: true, isBigEndian: true);
                    if (length > data.Length - at)
                        throw new VmFaultException($"argument {i + 1} claims {length} bytes, but only {data.Length - at} remain");
                    values[i] = new Value(data.Slice(at, (int)length).ToArray());
                    at += (int)length;
                    break;
                default:
                    throw new VmFaultException($"cannot decode a value of type {types[i]}");
            }
        }
        if (at != data.Length)
            throw new VmFaultException($"{data.Length - at} unexpected bytes after the arguments");
        return values;
    }

    public static byte[] Word(BigInteger value)
    {
        if (value.Sign < 0 || value > Value.MaxInt)
            throw new VmFaultException("integer out of the u256 range");
        var word = new byte[WordBytes];
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(word, WordBytes - bytes.Length);
        return word;
    }
}
