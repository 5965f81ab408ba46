namespace ChainNode.Contracts.Vm;

/// <summary>Hard limits, identical on every node; exceeding one fails the tx deterministically.</summary>
public sealed record VmLimits
{
    public static readonly VmLimits Default = new();

    public int MaxCodeBytes { get; init; } = 24 * 1024;
    public int MaxStackDepth { get; init; } = 1024;
    public int MaxCallDepth { get; init; } = 16;
    public int MaxFunctionFrames { get; init; } = 256;

    /// <summary>Bytes of byte strings the VM may create during one tx (counted by the VM, never the GC).</summary>
    public long MaxMemoryBytes { get; init; } = 4 * 1024 * 1024;

    public int MaxStorageValueBytes { get; init; } = 16 * 1024;
    public int MaxStorageKeyBytes { get; init; } = 256;
}
