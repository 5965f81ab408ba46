namespace ChainNode.Contracts.Vm;

/// <summary>
/// The instruction set. Immediates follow the opcode byte (big-endian); see contracts/README.md
/// for each instruction's stack effect. Values are unsigned 256-bit integers (booleans are 0/1)
/// or byte strings (addresses are 20-byte strings).
/// </summary>
public enum Opcode : byte
{
    // Constants and stack
    PushInt = 0x01,      // u8 n, n bytes big-endian       -> int
    PushBytes = 0x02,    // u16 n, n bytes                 -> bytes
    Pop = 0x03,          // a ->
    Dup = 0x04,          // u8 k: copy the value k below the top (0 = top)
    Swap = 0x05,         // a b -> b a

    // Locals of the current frame
    LoadLocal = 0x10,    // u8 i -> value
    StoreLocal = 0x11,   // u8 i: value ->

    // Arithmetic, checked: overflow, underflow and division by zero fault
    Add = 0x20,
    Sub = 0x21,
    Mul = 0x22,
    Div = 0x23,
    Mod = 0x24,
    Lt = 0x25,
    Gt = 0x26,
    Le = 0x27,
    Ge = 0x28,
    Eq = 0x29,           // ints or byte strings of either kind, compared by value
    Ne = 0x2A,
    And = 0x2B,          // booleans
    Or = 0x2C,
    Not = 0x2D,

    // Byte strings
    Concat = 0x30,       // a b -> a||b
    Len = 0x31,          // bytes -> int
    Slice = 0x32,        // bytes start length -> bytes
    Sha256 = 0x33,       // bytes -> bytes(32)
    ToInt = 0x34,        // bytes (<= 32) -> int, big-endian
    ToBytes = 0x35,      // int -> bytes(32) big-endian

    // Control flow (targets are absolute code offsets, checked at deploy)
    Jump = 0x40,         // u16 target
    JumpIfFalse = 0x41,  // u16 target: cond ->
    CallFunction = 0x42, // u8 function index: args -> [result]
    Return = 0x43,       // [result] -> (to the caller's frame)

    // Context (host reads)
    Caller = 0x50,       // -> address
    Self = 0x51,         // -> address
    CallValue = 0x52,    // -> int: coins sent with this call
    Balance = 0x53,      // address -> int
    Height = 0x54,       // -> int (block height)
    Timestamp = 0x55,    // -> int (block timestamp, ms)

    // Effects (host calls)
    StorageLoad = 0x60,  // key -> value bytes (empty if absent)
    StorageStore = 0x61, // key value ->
    StorageDelete = 0x62,// key ->
    Transfer = 0x63,     // to amount ->          (from this contract's balance)
    Emit = 0x64,         // topic data ->
    Revert = 0x65,       // reason bytes -> (ends the call, rolling back its effects)
    CallContract = 0x66, // address input amount -> return bytes (a failed callee reverts the caller too)
    IsMember = 0x67,     // address -> bool
}
