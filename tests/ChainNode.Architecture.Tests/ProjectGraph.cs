using System.Xml.Linq;

namespace ChainNode.Architecture.Tests;

/// <summary>
/// The repository's projects and their ProjectReference edges, read from the csproj files
/// (bin/, obj/ and node_modules/ skipped). Projects are named by their path from the root,
/// with forward slashes.
/// </summary>
public sealed class ProjectGraph
{
    private static readonly string[] Skipped = ["bin", "obj", "node_modules", ".git"];

    private readonly string _root;
    private readonly Dictionary<string, IReadOnlyList<string>> _references;

    private ProjectGraph(string root, Dictionary<string, IReadOnlyList<string>> references)
    {
        _root = root;
        _references = references;
    }

    public IEnumerable<string> Projects => _references.Keys.Order(StringComparer.Ordinal);

    public static ProjectGraph Load(string root)
    {
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var file in SourceFiles(root, "*.csproj"))
        {
            var directory = Path.GetDirectoryName(file)!;
            references[Relative(root, file)] = XDocument.Load(file).Descendants()
                .Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => Relative(root, Path.GetFullPath(Path.Combine(directory, ((string?)e.Attribute("Include") ?? "").Replace('\\', '/')))))
                .ToList();
        }
        return new ProjectGraph(root, references);
    }

    /// <summary>The project whose file has this name, wherever it lives; null if there is none.</summary>
    public string? Find(string fileName) =>
        Projects.SingleOrDefault(p => Path.GetFileName(p) == fileName);

    public IReadOnlyList<string> DirectReferences(string project) =>
        _references.TryGetValue(project, out var direct) ? direct : throw new ArgumentException($"no project {project} under {_root}", nameof(project));

    /// <summary>Every project reachable from <paramref name="project"/> through references, itself excluded.</summary>
    public IReadOnlySet<string> Reachable(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(DirectReferences(project));
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next) && _references.TryGetValue(next, out var further))
            {
                foreach (var reference in further)
                    pending.Push(reference);
            }
        }
        return seen;
    }

    /// <summary>Files matching <paramref name="pattern"/> under <paramref name="root"/>, build output and packages skipped.</summary>
    public static IEnumerable<string> SourceFiles(string root, string pattern) =>
        Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories)
            .Where(f => !Relative(root, f).Split('/').Any(part => Skipped.Contains(part)));

    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
