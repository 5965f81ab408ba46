namespace ChainNode.Ledger.Storage.LevelDb;

/// <summary>A LevelDB operation failed; the message carries LevelDB's own status text.</summary>
public sealed class LevelDbException(string operation, string status)
    : StorageException($"LevelDB {operation} failed: {status}")
{
    public string Status { get; } = status;

    public bool IsCorruption => Status.StartsWith("Corruption", StringComparison.Ordinal);
}
