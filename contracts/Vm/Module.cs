using System.Buffers.Binary;
using ChainNode.Contracts.Abi;

namespace ChainNode.Contracts.Vm;

/// <summary>
/// A contract's code as deployed:
/// <c>"CNVM" | version(1) | function count(1) | functions | code</c>, each function being
/// <c>selector(4) | flags(1) | param count(1) | param types | return type(1) | locals(1) | entry(2)</c>.
/// Locals include the parameters, which arrive in locals 0..n-1.
/// </summary>
public sealed class Module
{
    public static readonly byte[] Magic = "CNVM"u8.ToArray();
    public const byte Version = 1;

    private Module(IReadOnlyList<FunctionInfo> functions, byte[] code)
    {
        Functions = functions;
        Code = code;
    }

    public IReadOnlyList<FunctionInfo> Functions { get; }

    public byte[] Code { get; }

    public FunctionInfo? Constructor => Functions.FirstOrDefault(f => f.IsConstructor);

    public FunctionInfo? FindPublic(uint selector) => Functions.FirstOrDefault(f => f.IsPublic && !f.IsConstructor && f.Selector == selector);

    public static byte[] Encode(IReadOnlyList<FunctionInfo> functions, byte[] code)
    {
        var output = new List<byte>(Magic) { Version, checked((byte)functions.Count) };
        Span<byte> word = stackalloc byte[4];
        foreach (var f in functions)
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, f.Selector);
            output.AddRange(word.ToArray());
            output.Add((byte)f.Flags);
            output.Add(checked((byte)f.Parameters.Count));
            output.AddRange(f.Parameters.Select(p => (byte)p));
            output.Add((byte)f.Returns);
            output.Add(checked((byte)f.Locals));
            BinaryPrimitives.WriteUInt16BigEndian(word, checked((ushort)f.Entry));
            output.AddRange(word[..2].ToArray());
        }
        output.AddRange(code);
        return output.ToArray();
    }

    /// <summary>Parses the layout; <see cref="ModuleVerifier"/> then checks the code itself.</summary>
    public static Module Parse(ReadOnlySpan<byte> bytes, VmLimits limits)
    {
        if (bytes.Length > limits.MaxCodeBytes)
            throw new InvalidModuleException($"the module is {bytes.Length} bytes; the limit is {limits.MaxCodeBytes}");
        if (bytes.Length < 6 || !bytes[..4].SequenceEqual(Magic))
            throw new InvalidModuleException("not a contract module (it does not start with \"CNVM\")");
        if (bytes[4] != Version)
            throw new InvalidModuleException($"module version {bytes[4]} is not supported (this VM runs version {Version})");
        var count = bytes[5];
        var at = 6;
        var functions = new List<FunctionInfo>(count);
        for (var i = 0; i < count; i++)
        {
            if (bytes.Length - at < 6)
                throw new InvalidModuleException($"function {i}'s header is truncated");
            var selector = BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);
            var flags = (FunctionModifiers)bytes[at + 4];
            var paramCount = bytes[at + 5];
            at += 6;
            if (bytes.Length - at < paramCount + 4)
                throw new InvalidModuleException($"function {i}'s header is truncated");
            var parameters = new AbiType[paramCount];
            for (var p = 0; p < paramCount; p++)
                parameters[p] = CheckType(bytes[at + p], i, allowNone: false);
            at += paramCount;
            var returns = CheckType(bytes[at], i, allowNone: true);
            var locals = bytes[at + 1];
            var entry = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            at += 4;
            if (locals < paramCount)
                throw new InvalidModuleException($"function {i} has {paramCount} parameters but only {locals} locals");
            if ((flags & ~FunctionModifiers.All) != 0)
                throw new InvalidModuleException($"function {i} has unknown flags 0x{(byte)flags:x2}");
            functions.Add(new FunctionInfo(i, selector, flags, parameters, returns, locals, entry));
        }
        if (functions.Count(f => f.IsConstructor) > 1)
            throw new InvalidModuleException("more than one constructor");
        var publicSelectors = functions.Where(f => f.IsPublic && !f.IsConstructor).GroupBy(f => f.Selector).FirstOrDefault(g => g.Count() > 1);
        if (publicSelectors is not null)
            throw new InvalidModuleException($"two public functions share selector 0x{publicSelectors.Key:x8}");
        var code = bytes[at..].ToArray();
        foreach (var f in functions.Where(f => f.Entry >= code.Length))
            throw new InvalidModuleException($"function {f.Index}'s entry {f.Entry} is outside the {code.Length}-byte code");
        return new Module(functions, code);
    }

    private static AbiType CheckType(byte value, int function, bool allowNone) =>
        value is >= (byte)AbiType.U256 and <= (byte)AbiType.Bytes || (allowNone && value == 0)
            ? (AbiType)value
            : throw new InvalidModuleException($"function {function} uses unknown type {value}");
}

[Flags]
public enum FunctionModifiers : byte
{
    None = 0,
    Public = 1,
    Constructor = 2,
    View = 4,
    Payable = 8,
    All = Public | Constructor | View | Payable,
}

public sealed record FunctionInfo(int Index, uint Selector, FunctionModifiers Flags, IReadOnlyList<AbiType> Parameters, AbiType Returns, int Locals, int Entry)
{
    public bool IsPublic => Flags.HasFlag(FunctionModifiers.Public);
    public bool IsConstructor => Flags.HasFlag(FunctionModifiers.Constructor);
    public bool IsPayable => Flags.HasFlag(FunctionModifiers.Payable);
    public int ResultCount => Returns == AbiType.None ? 0 : 1;
}

/// <summary>Code refused at deploy time: malformed layout, unknown opcode, bad jump target or stack error.</summary>
public sealed class InvalidModuleException(string message) : Exception(message);
