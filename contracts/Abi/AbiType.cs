namespace ChainNode.Contracts.Abi;

/// <summary>Parameter and return types, as stored in a module's function table.</summary>
public enum AbiType : byte
{
    None = 0,
    U256 = 1,
    Bool = 2,
    Address = 3,
    Bytes = 4,
}

public static class AbiTypeNames
{
    public static string Name(AbiType type) => type switch
    {
        AbiType.U256 => "u256",
        AbiType.Bool => "bool",
        AbiType.Address => "address",
        AbiType.Bytes => "bytes",
        _ => "none",
    };

    public static AbiType? Parse(string name) => name switch
    {
        "u256" => AbiType.U256,
        "bool" => AbiType.Bool,
        "address" => AbiType.Address,
        "bytes" => AbiType.Bytes,
        _ => null,
    };
}
