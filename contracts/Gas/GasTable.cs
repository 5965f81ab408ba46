using ChainNode.Contracts.Vm;

namespace ChainNode.Contracts.Gas;

/// <summary>
/// The one table of gas costs. Every instruction costs its base price when dispatched; the
/// instructions whose work grows with data add a per-byte (or per-32-byte word) price.
/// </summary>
public static class GasTable
{
    private static readonly ulong[] Base = BuildBase();

    /// <summary>Per 32-byte word allocated by the VM (new byte strings, pushed constants): memory is not free.</summary>
    public const ulong PerMemoryWord = 1;
    public const ulong Sha256PerWord = 6;
    public const ulong StorageWritePerByte = 20;
    public const ulong EmitPerByte = 4;

    /// <summary>Charged once for a deploy, per byte of code stored.</summary>
    public const ulong DeployPerByte = 50;

    public static ulong BaseCost(Opcode op) => Base[(byte)op];

    public static ulong Words(int bytes) => ((ulong)bytes + 31) / 32;

    private static ulong[] BuildBase()
    {
        var costs = new ulong[256];
        void Set(ulong cost, params Opcode[] ops)
        {
            foreach (var op in ops)
                costs[(byte)op] = cost;
        }
        Set(2, Opcode.PushInt, Opcode.PushBytes, Opcode.Pop, Opcode.Dup, Opcode.Swap, Opcode.LoadLocal, Opcode.StoreLocal);
        Set(3, Opcode.Add, Opcode.Sub, Opcode.Lt, Opcode.Gt, Opcode.Le, Opcode.Ge, Opcode.Eq, Opcode.Ne, Opcode.And, Opcode.Or, Opcode.Not);
        Set(5, Opcode.Mul, Opcode.Div, Opcode.Mod, Opcode.Len, Opcode.ToInt, Opcode.ToBytes);
        Set(4, Opcode.Concat, Opcode.Slice);
        Set(30, Opcode.Sha256);
        Set(3, Opcode.Jump);
        Set(4, Opcode.JumpIfFalse);
        Set(10, Opcode.CallFunction, Opcode.Return);
        Set(2, Opcode.Caller, Opcode.Self, Opcode.CallValue, Opcode.Height, Opcode.Timestamp);
        Set(100, Opcode.Balance, Opcode.IsMember);
        Set(200, Opcode.StorageLoad);
        Set(500, Opcode.StorageStore);
        Set(200, Opcode.StorageDelete);
        Set(800, Opcode.Transfer);
        Set(100, Opcode.Emit);
        Set(0, Opcode.Revert);
        Set(1000, Opcode.CallContract);
        return costs;
    }
}
