namespace ChainNode.Testing;

/// <summary>A scratch folder removed on dispose, so tests leave nothing behind.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string label = "chainnode-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{label}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
