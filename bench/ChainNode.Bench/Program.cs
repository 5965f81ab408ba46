using ChainNode.Bench;

// Usage: dotnet run -c Release --project bench/ChainNode.Bench -- [verify|commit|consensus|contracts|all]
var which = args.FirstOrDefault() ?? "all";
Console.WriteLine($"ChainNode ledger benchmarks on {Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (which is "verify" or "all")
    VerifyBenchmark.Run();
if (which is "commit" or "all")
    CommitBenchmark.Run();
if (which is "consensus" or "all")
    ConsensusBenchmark.Run();
if (which is "contracts" or "all")
    ContractBenchmark.Run();
if (which is not ("verify" or "commit" or "consensus" or "contracts" or "all"))
{
    Console.Error.WriteLine($"unknown benchmark '{which}': use verify, commit, consensus, contracts or all");
    return 2;
}
return 0;
