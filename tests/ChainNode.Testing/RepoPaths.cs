namespace ChainNode.Testing;

/// <summary>Locates the repository root (the folder holding ChainNode.sln) and the shared test data beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/testdata next to the checkout, as the project lead provides it.</summary>
    public static string SharedTestData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "testdata"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChainNode.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No ChainNode.sln above {AppContext.BaseDirectory}.");
    }
}
