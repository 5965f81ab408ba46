namespace ChainNode.Contracts.Vm;

/// <summary>Instruction lengths and stack effects: the facts both the verifier and the disassembler need.</summary>
public static class Instruction
{
    /// <summary>Total length of the instruction at <paramref name="pc"/>, or -1 if it is unknown or truncated.</summary>
    public static int Length(ReadOnlySpan<byte> code, int pc)
    {
        var op = (Opcode)code[pc];
        int length = op switch
        {
            Opcode.PushInt => pc + 1 < code.Length ? 2 + code[pc + 1] : -1,
            Opcode.PushBytes => pc + 2 < code.Length ? 3 + (code[pc + 1] << 8 | code[pc + 2]) : -1,
            Opcode.Dup or Opcode.LoadLocal or Opcode.StoreLocal or Opcode.CallFunction => 2,
            Opcode.Jump or Opcode.JumpIfFalse => 3,
            _ when Enum.IsDefined(op) => 1,
            _ => -1,
        };
        return length > 0 && pc + length <= code.Length ? length : -1;
    }

    /// <summary>Values popped and pushed, for every opcode whose effect does not depend on other functions.</summary>
    public static (int Pops, int Pushes) Effect(Opcode op) => op switch
    {
        Opcode.PushInt or Opcode.PushBytes or Opcode.LoadLocal => (0, 1),
        Opcode.Caller or Opcode.Self or Opcode.CallValue or Opcode.Height or Opcode.Timestamp => (0, 1),
        Opcode.Pop or Opcode.StoreLocal or Opcode.JumpIfFalse or Opcode.StorageDelete or Opcode.Revert => (1, 0),
        Opcode.Swap => (2, 2),
        Opcode.Add or Opcode.Sub or Opcode.Mul or Opcode.Div or Opcode.Mod or Opcode.Lt or Opcode.Gt or Opcode.Le
            or Opcode.Ge or Opcode.Eq or Opcode.Ne or Opcode.And or Opcode.Or or Opcode.Concat => (2, 1),
        Opcode.Not or Opcode.Len or Opcode.Sha256 or Opcode.ToInt or Opcode.ToBytes or Opcode.Balance
            or Opcode.IsMember or Opcode.StorageLoad => (1, 1),
        Opcode.Slice or Opcode.CallContract => (3, 1),
        Opcode.StorageStore or Opcode.Transfer or Opcode.Emit => (2, 0),
        Opcode.Jump => (0, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "effect depends on the operand"),
    };
}
