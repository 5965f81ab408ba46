using ChainNode.Testing;

namespace ChainNode.Integration.Tests;

/// <summary>Runs the built load generator (chainnode-bench, bench/ChainNode.LoadGenerator) as a separate process.</summary>
internal static class ChainnodeBenchProcess
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "chainnode-bench.dll");

    public static Task<ProcessRunner.Result> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. arguments], TimeSpan.FromMinutes(2));
}
