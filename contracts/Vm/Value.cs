using System.Numerics;

namespace ChainNode.Contracts.Vm;

/// <summary>A VM value: an unsigned 256-bit integer, or a byte string. Immutable.</summary>
public readonly struct Value : IEquatable<Value>
{
    public static readonly BigInteger MaxInt = (BigInteger.One << 256) - 1;
    public static readonly Value Zero = new(BigInteger.Zero);
    public static readonly Value One = new(BigInteger.One);

    private readonly BigInteger _int;
    private readonly byte[]? _bytes;

    public Value(BigInteger value)
    {
        _int = value;
        _bytes = null;
    }

    public Value(byte[] bytes)
    {
        _int = default;
        _bytes = bytes;
    }

    public bool IsBytes => _bytes is not null;

    public static Value Bool(bool value) => value ? One : Zero;

    public BigInteger AsInt(string what) => _bytes is null ? _int : throw new VmFaultException($"{what} needs an integer, got a byte string");

    public byte[] AsBytes(string what) => _bytes ?? throw new VmFaultException($"{what} needs a byte string, got an integer");

    public bool AsBool(string what)
    {
        var value = AsInt(what);
        return value.IsZero ? false : value.IsOne ? true : throw new VmFaultException($"{what} needs a boolean (0 or 1), got {value}");
    }

    public bool Equals(Value other) =>
        IsBytes == other.IsBytes && (IsBytes ? _bytes.AsSpan().SequenceEqual(other._bytes) : _int == other._int);

    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    public override int GetHashCode() => IsBytes ? _bytes!.Length : _int.GetHashCode();

    public override string ToString() => IsBytes ? "0x" + Convert.ToHexStringLower(_bytes!) : _int.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool operator ==(Value left, Value right) => left.Equals(right);

    public static bool operator !=(Value left, Value right) => !left.Equals(right);
}
