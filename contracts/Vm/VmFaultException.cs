namespace ChainNode.Contracts.Vm;

/// <summary>A deterministic failure of contract code (bad operand, overflow, limit); the tx fails with its message.</summary>
public class VmFaultException(string message) : Exception(message);

/// <summary>The contract ran out of the gas its tx allowed.</summary>
public sealed class OutOfGasException(ulong limit) : VmFaultException($"out of gas (limit {limit})");

/// <summary>The contract reverted on purpose, with its reason.</summary>
public sealed class RevertException(string reason) : VmFaultException(reason)
{
    public string Reason { get; } = reason;
}
