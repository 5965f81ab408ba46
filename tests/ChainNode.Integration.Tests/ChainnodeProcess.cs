using ChainNode.Testing;

namespace ChainNode.Integration.Tests;

/// <summary>Runs the built chainnode binary as a separate process, as an operator would.</summary>
internal static class ChainnodeProcess
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "chainnode.dll");

    public static Task<ProcessRunner.Result> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. arguments], TimeSpan.FromMinutes(2));
}
