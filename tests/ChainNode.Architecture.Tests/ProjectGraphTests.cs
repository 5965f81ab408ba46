using ChainNode.Testing;

namespace ChainNode.Architecture.Tests;

/// <summary>
/// The boundaries of issue 25, checked on the csproj files and sources rather than trusted to
/// review: a reference or a native library name in the wrong place fails here.
/// </summary>
[TestClass]
public sealed class ProjectGraphTests
{
    private const string Vm = "contracts/ChainNode.Contracts.csproj";
    private const string Consensus = "consensus/ChainNode.Consensus.csproj";
    private const string LedgerModel = "ledger/Model/ChainNode.Ledger.Model.csproj";
    private const string Ledger = "ledger/ChainNode.Ledger.csproj";
    private const string Wallet = "wallet/ChainNode.Wallet.csproj";
    private const string Node = "node/ChainNode.Node.csproj";
    // Created by the storage seams of issue 25; found by file name wherever it lives.
    private const string LevelDbProjectFile = "ChainNode.Storage.LevelDb.csproj";
    private const string LevelDbLibrary = "libleveldb.so.1d";

    private static readonly ProjectGraph Graph = ProjectGraph.Load(RepoPaths.Root);

    [TestMethod]
    public void The_graph_is_read_from_every_project_in_the_repository()
    {
        foreach (var project in new[] { Vm, Consensus, LedgerModel, Ledger, Wallet, Node, "bench/ChainNode.LoadGenerator/ChainNode.LoadGenerator.csproj" })
            CollectionAssert.Contains(Graph.Projects.ToList(), project);
        CollectionAssert.Contains(Graph.DirectReferences(Wallet).ToList(), Vm, "the reader must see the wallet's references");
    }

    [TestMethod]
    public void The_contract_vm_project_references_no_other_project() =>
        Assert.AreEqual(0, Graph.DirectReferences(Vm).Count, $"{Vm} references {string.Join(", ", Graph.DirectReferences(Vm))}");

    [TestMethod]
    public void Consensus_reaches_no_project_but_the_ledger_model()
    {
        var reached = Graph.Reachable(Consensus);
        Assert.IsTrue(reached.SetEquals([LedgerModel]), $"{Consensus} reaches {string.Join(", ", reached)}");
    }

    [TestMethod]
    public void The_wallet_reaches_neither_the_ledger_beyond_its_model_nor_the_LevelDB_project()
    {
        var reached = Graph.Reachable(Wallet);
        var forbidden = new[] { Ledger, Graph.Find(LevelDbProjectFile) }.OfType<string>().Where(reached.Contains).ToList();
        Assert.AreEqual(0, forbidden.Count, $"{Wallet} reaches {string.Join(", ", forbidden)}");
    }

    [TestMethod]
    public void The_validator_reaches_no_benchmark_or_load_generator_project()
    {
        var benches = Graph.Reachable(Node).Where(p => p.StartsWith("bench/", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(0, benches.Count, $"{Node} reaches {string.Join(", ", benches)}");
    }

    [TestMethod]
    public void Only_the_LevelDB_project_names_the_native_LevelDB_library()
    {
        var naming = ProjectGraph.SourceFiles(RepoPaths.Root, "*.cs")
            .Where(f => !ProjectGraph.Relative(RepoPaths.Root, f).StartsWith("tests/", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(LevelDbLibrary, StringComparison.Ordinal))
            .Select(f => ProjectGraph.Relative(RepoPaths.Root, f))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.AreNotEqual(0, naming.Count, $"no source names {LevelDbLibrary}: the binding moved or the search is broken");
        if (Graph.Find(LevelDbProjectFile) is not { } project)
        {
            Assert.Inconclusive($"no {LevelDbProjectFile} yet; {LevelDbLibrary} is named in {string.Join(", ", naming)}");
            return;
        }
        var folder = Path.GetDirectoryName(project)!.Replace('\\', '/') + "/";
        var outside = naming.Where(f => !f.StartsWith(folder, StringComparison.Ordinal)).ToList();
        Assert.AreEqual(0, outside.Count, $"{LevelDbLibrary} is named outside {folder}: {string.Join(", ", outside)}");
    }
}
