namespace ChainNode.Storage;

/// <summary>The storage engine failed (I/O, corruption, lock); the message carries the engine's status.</summary>
public class StorageException(string message) : Exception(message)
{
    /// <summary>True when the engine found damaged data, as opposed to an I/O or locking failure.</summary>
    public virtual bool IsCorruption => false;
}
