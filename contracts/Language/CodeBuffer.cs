using System.Numerics;
using ChainNode.Contracts.Vm;

namespace ChainNode.Contracts.Language;

/// <summary>Bytecode under construction: instructions, forward labels and their patching.</summary>
public sealed class CodeBuffer
{
    private readonly List<byte> _code = [];
    private readonly List<int> _labels = [];
    private readonly List<(int At, int Label)> _fixups = [];

    public int Position => _code.Count;

    public void Emit(Opcode op) => _code.Add((byte)op);

    public void Emit(Opcode op, byte operand)
    {
        _code.Add((byte)op);
        _code.Add(operand);
    }

    public void PushInt(BigInteger value)
    {
        var bytes = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        _code.Add((byte)Opcode.PushInt);
        _code.Add((byte)bytes.Length);
        _code.AddRange(bytes);
    }

    public void PushBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ushort.MaxValue)
            throw new InvalidOperationException("constant too long");
        _code.Add((byte)Opcode.PushBytes);
        _code.Add((byte)(bytes.Length >> 8));
        _code.Add((byte)bytes.Length);
        _code.AddRange(bytes.ToArray());
    }

    public int NewLabel()
    {
        _labels.Add(-1);
        return _labels.Count - 1;
    }

    public void Mark(int label) => _labels[label] = _code.Count;

    public void Jump(Opcode op, int label)
    {
        _code.Add((byte)op);
        _fixups.Add((_code.Count, label));
        _code.Add(0);
        _code.Add(0);
    }

    public byte[] ToArray()
    {
        foreach (var (at, label) in _fixups)
        {
            var target = _labels[label];
            if (target < 0 || target > ushort.MaxValue)
                throw new InvalidOperationException("unresolved or out-of-range label");
            _code[at] = (byte)(target >> 8);
            _code[at + 1] = (byte)target;
        }
        return _code.ToArray();
    }
}
