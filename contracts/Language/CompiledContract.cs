using ChainNode.Contracts.Abi;

namespace ChainNode.Contracts.Language;

/// <summary>What the compiler produces: the deployable module and the ABI a wallet needs to call it.</summary>
public sealed record CompiledContract(string Name, byte[] Module, ContractAbi Abi);

public sealed record ContractAbi(string Contract, IReadOnlyList<AbiFunction> Functions, IReadOnlyList<AbiEvent> Events)
{
    public AbiFunction? Constructor => Functions.FirstOrDefault(f => f.Constructor);

    public AbiFunction? Find(string name) => Functions.FirstOrDefault(f => f.Name == name && !f.Constructor && f.Public);
}

public sealed record AbiParameter(string Name, string Type);

public sealed record AbiFunction(string Name, string Signature, string Selector, IReadOnlyList<AbiParameter> Inputs, string? Output,
    bool Public, bool View, bool Payable, bool Constructor)
{
    public IReadOnlyList<AbiType> InputTypes => Inputs.Select(i => AbiTypeNames.Parse(i.Type) ?? AbiType.None).ToList();

    public AbiType OutputType => Output is null ? AbiType.None : AbiTypeNames.Parse(Output) ?? AbiType.None;
}

public sealed record AbiEvent(string Name, string Signature, string Topic, IReadOnlyList<AbiParameter> Inputs);
