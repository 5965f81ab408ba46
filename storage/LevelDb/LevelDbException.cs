namespace ChainNode.Storage.LevelDb;

/// <summary>A LevelDB operation failed. <see cref="Status"/> is LevelDB's own status text; the message may explain it.</summary>
public sealed class LevelDbException(string operation, string status, string? explanation = null)
    : StorageException($"LevelDB {operation} failed: {explanation ?? status}")
{
    public string Status { get; } = status;

    public override bool IsCorruption => Status.StartsWith("Corruption", StringComparison.Ordinal);
}
